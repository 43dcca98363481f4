"""The pins in pyproject.toml (the source of truth) agree with the conda files, and the config
documents every key."""

import re
import tomllib

import pytest
import yaml

from conftest import CONFIG, ROOT


def pyproject_pins(*, with_test: bool = True) -> dict[str, str]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    deps = data["project"]["dependencies"] + (data["project"]["optional-dependencies"]["test"] if with_test else [])
    pins = {}
    for d in deps:
        m = re.fullmatch(r"([A-Za-z0-9_.\-]+(?:\[[a-z,]+\])?)==([^;\s]+)", d)
        assert m, f"pyproject.toml: {d!r} is not an exact pin"
        pins[m.group(1).lower()] = m.group(2)
    return pins


def conda_pins(path) -> dict[str, str]:
    env = yaml.safe_load(path.read_text(encoding="utf-8"))
    pins = {}
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            for p in dep["pip"]:
                if "==" in p:
                    name, ver = p.split("==")
                    pins[name.lower()] = ver
    return pins


def test_environment_yml_matches_pyproject():
    assert conda_pins(ROOT / "environment.yml") == pyproject_pins()


def test_rule_env_matches_pyproject():
    assert conda_pins(ROOT / "workflow" / "envs" / "orgtopics.yaml") == pyproject_pins(with_test=False)


def test_python_version_agrees():
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert "python=3.11" in env["dependencies"]
    assert ">=3.11" in tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]


def test_every_config_key_is_commented():
    for n, line in enumerate((CONFIG / "config.yaml").read_text(encoding="utf-8").splitlines(), start=1):
        if re.match(r"^\s*[A-Za-z_]+:", line) and "#" not in line:
            # a section header is documented by the comment line right above it
            prev = (CONFIG / "config.yaml").read_text(encoding="utf-8").splitlines()[n - 2].strip()
            assert prev.startswith("#") or line.rstrip().endswith(":"), f"config.yaml line {n} has no comment: {line!r}"


def test_config_validates_against_schema():
    import jsonschema

    schema = yaml.safe_load((ROOT / "workflow" / "schemas" / "config.schema.yaml").read_text(encoding="utf-8"))
    cfg = yaml.safe_load((CONFIG / "config.yaml").read_text(encoding="utf-8"))
    jsonschema.validate(cfg, schema)
    for key, spec in schema["properties"].items():
        assert "description" in spec and ("default" in spec or key == "corpora"), key


def _schema_defaults(schema: dict, prefix: str = "") -> dict:
    out = {}
    for key, sub in (schema.get("properties") or {}).items():
        if "default" in sub and sub.get("type") != "object":
            out[prefix + key] = sub["default"]
        if sub.get("type") == "object" or "properties" in sub:
            out.update(_schema_defaults(sub, prefix + key + "."))
    return out


def _flatten(cfg: dict, prefix: str = "") -> dict:
    out = {}
    for k, v in cfg.items():
        if isinstance(v, dict) and k != "corpora":
            out.update(_flatten(v, prefix + k + "."))
        else:
            out[prefix + k] = v
    return out


def test_schema_defaults_and_shipped_config_agree():
    """A key left out of config.yaml takes the schema's default: the two must say the same."""
    schema = yaml.safe_load((ROOT / "workflow" / "schemas" / "config.schema.yaml").read_text(encoding="utf-8"))
    cfg = _flatten(yaml.safe_load((ROOT / "config" / "config.yaml").read_text(encoding="utf-8")))
    defaults = _schema_defaults(schema)
    shared = sorted(set(defaults) & set(cfg))
    assert len(shared) > 40
    assert {k: cfg[k] for k in shared} == {k: defaults[k] for k in shared}


@pytest.mark.parametrize(
    "extra, message",
    [
        ("lda: {pases: 10}", "'pases' was unexpected"),
        ("bootstrap: {nboot: 10}", "'nboot' was unexpected"),
        ("lda: {k: 9}", "k = 9 is not in k_values"),
    ],
)
def test_unknown_keys_and_crossed_keys_are_refused_before_any_job(tmp_path, extra, message):
    from conftest import make_project, snakemake

    proj = make_project(tmp_path / "p")
    (proj / "bad.yaml").write_text(extra + "\n", encoding="utf-8")
    res = snakemake(proj, "--configfile", "bad.yaml", "-n", check=False)
    assert res.returncode != 0 and message in res.stdout + res.stderr
    assert not (proj / "results").exists()
