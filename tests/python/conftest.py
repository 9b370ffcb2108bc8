"""A kilnd child with its local worker for the kiln package's tests.
KILN_BIN_DIR names the build's bin/ (ctest sets it)."""
import os
import subprocess
import tempfile
import time

import pytest


@pytest.fixture(scope="session")
def kilnd_address():
    bin_dir = os.environ["KILN_BIN_DIR"]
    work = tempfile.mkdtemp(prefix="kiln-python-")
    port_file = os.path.join(work, "port")
    log = open(os.path.join(work, "kilnd.log"), "w")
    proc = subprocess.Popen([os.path.join(bin_dir, "kilnd"), "--listen", "127.0.0.1:0", "--data-dir",
                             os.path.join(work, "data"), "--port-file", port_file],
                            stdout=subprocess.DEVNULL, stderr=log)
    port = ""
    for _ in range(400):
        if os.path.exists(port_file):
            port = open(port_file).read().strip()
            if port:
                break
        time.sleep(0.025)
    if not port:
        proc.kill()
        pytest.fail("kilnd did not start: " + open(os.path.join(work, "kilnd.log")).read())
    yield "127.0.0.1:" + port
    proc.terminate()
    proc.wait(timeout=30)


@pytest.fixture(scope="session")
def examples():
    return os.environ["KILN_EXAMPLES_DIR"]
