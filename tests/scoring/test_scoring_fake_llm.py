"""The fake judge server itself: fail-rate mode and the standalone command."""

import json
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

from tests.fake_llm import FakeLLMServer

REPO = Path(__file__).resolve().parents[2]


def post(url, body):
    """Status and message content of one chat request (content None for HTTP errors)."""
    request = urllib.request.Request(url + "/chat/completions", data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - loopback
            return response.status, json.load(response)["choices"][0]["message"]["content"]
    except urllib.error.HTTPError as exc:
        exc.close()
        return exc.code, None


def usable(content):
    """True when the content is a judge reply with criteria."""
    try:
        return bool(json.loads(content)["criteria"])
    except (TypeError, ValueError, KeyError):
        return False


def test_fail_rate_fails_about_that_share_of_requests():
    body = {"model": "m", "messages": [{"role": "system", "content": '"id": "a"'},
                                       {"role": "user", "content": "<<<x>>>\nHi there.\n<<<y>>>"}]}
    with FakeLLMServer(fail_rate=0.3, seed=1) as server:
        replies = [post(server.url, body) for _ in range(200)]
        assert len(server.chat_requests()) == 200
    failed = sum(not (status == 200 and usable(content)) for status, content in replies)
    assert 40 <= failed <= 80
    assert {status for status, _ in replies} >= {200, 429, 500, 503}
    with FakeLLMServer(fail_rate=0.0) as server:
        assert all(usable(post(server.url, body)[1]) for _ in range(10))


def test_runs_as_a_command(tmp_path):
    with FakeLLMServer() as probe:  # borrow a free port, then release it
        port = int(probe.url.rsplit(":", 1)[1].split("/")[0])
    process = subprocess.Popen(  # noqa: S603 - fixed arguments
        [sys.executable, "-m", "tests.fake_llm", "--port", str(port), "--fail-rate", "0"],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert "listening" in process.stdout.readline()
        body = {"model": "m", "messages": [{"role": "system", "content": '"id": "a"'},
                                           {"role": "user", "content": "<<<x>>>\nHi.\n<<<y>>>"}]}
        status, content = post(f"http://127.0.0.1:{port}/v1", body)
        assert status == 200 and json.loads(content)["criteria"][0]["quote"] == "Hi."
    finally:
        process.terminate()
        process.wait(timeout=5)
        process.stdout.close()
        process.stderr.close()
