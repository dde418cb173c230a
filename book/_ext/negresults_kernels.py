"""Kernels the build starts log errors only.

Every notebook myst-nb executes starts an IPython kernel over local TCP, and
ipykernel logs a warning about unencrypted TCP at each start: ten lines of
noise per build that say nothing about the book (the kernels listen on the
loopback interface of the building machine only). The kernels inherit this
process's environment, so pointing ``IPYTHONDIR`` at a profile inside the
build folder, with ``IPKernelApp.log_level = "ERROR"``, quiets them without
touching the user's own IPython profile or the repository. A notebook's own
stderr is unaffected, and still fails the build (``stderr_output:
remove-warn`` with ``-W``).
"""

from __future__ import annotations

import os
from pathlib import Path

KERNEL_CONFIG = 'c.IPKernelApp.log_level = "ERROR"\n'


def setup(app):
    profile = Path(app.doctreedir).parent / "ipython" / "profile_default"
    profile.mkdir(parents=True, exist_ok=True)
    (profile / "ipython_kernel_config.py").write_text(KERNEL_CONFIG)
    os.environ["IPYTHONDIR"] = str(profile.parent)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
