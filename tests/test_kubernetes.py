"""profiles/kubernetes, validated by a dry run against a real (local) S3 server.

Kubernetes jobs share no filesystem: every input and output goes through the pinned S3 storage plugin.
The test starts moto's S3 server on localhost, creates a bucket, and asks Snakemake for the plan of the
default job with the profile unchanged except for the bucket and endpoint (what a user edits). The
dry run parses the profile, loads the pinned executor and storage plugins, and resolves every file of
the DAG against the bucket; no cluster is needed for that.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys

import pytest

from conftest import make_project


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def s3_bucket():
    import boto3
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    ).create_bucket(Bucket="orgtopics-ci")
    yield endpoint, "orgtopics-ci"
    server.stop()


def upload_inputs(proj, endpoint: str, bucket: str, prefix: str) -> int:
    """Put the corpus and the word lists into the bucket, as `aws s3 sync seeds s3://.../seeds` would."""
    import boto3

    s3 = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    n = 0
    for folder in ("seeds", "config"):
        for path in sorted((proj / folder).rglob("*")):
            if path.is_file():
                s3.upload_file(str(path), bucket, f"{prefix}/{path.relative_to(proj).as_posix()}")
                n += 1
    return n


def test_kubernetes_profile_dry_run(tmp_path, s3_bucket):
    endpoint, bucket = s3_bucket
    proj = make_project(tmp_path)
    assert upload_inputs(proj, endpoint, bucket, "orgtopics") > 6
    env = dict(os.environ, AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing")
    cmd = [
        sys.executable,
        "-m",
        "snakemake",
        "--profile",
        "profiles/kubernetes",
        "--dry-run",
        "--default-storage-prefix",
        f"s3://{bucket}/orgtopics",
        "--storage-s3-endpoint-url",
        endpoint,
        "--storage-s3-access-key",
        "testing",
        "--storage-s3-secret-key",
        "testing",
    ]
    res = subprocess.run(cmd, cwd=proj, capture_output=True, text=True, timeout=600, env=env)
    out = res.stdout + res.stderr
    assert res.returncode == 0, out[-6000:]
    assert f"s3://{bucket}/orgtopics/results/seeds/report.html (in storage)" in out
    total = re.search(r"^total\s+(\d+)$", out, re.M)
    local = subprocess.run(
        [sys.executable, "-m", "snakemake", "--dry-run", "--cores", "2"],
        cwd=proj,
        capture_output=True,
        text=True,
        timeout=600,
    )
    local_total = re.search(r"^total\s+(\d+)$", local.stdout, re.M)
    assert local_total and int(local_total.group(1)) > 40, local.stdout[-3000:]
    assert total and total.group(1) == local_total.group(1), out[-3000:]  # the same plan as a local run
    assert "fit_lda" in out and "sensitivity_models" in out
    assert not (proj / "results").exists(), "a dry run must not write results"
