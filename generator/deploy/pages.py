"""GitHub Pages: the built site as one commit on a `gh-pages` branch, the way
`mkdocs gh-deploy` does it (ghp-import), with `.nojekyll` and a CNAME file.

Git does the "only what changed": the new commit's tree shares every unchanged file with the
previous one, and the push sends only the new objects.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from generator.deploy.s3 import DeployError
from generator.deploy.settings import Target

DEFAULT_MESSAGE = "Deploy the status site"
_CREDENTIALS = re.compile(r"(://)[^/@\s]+@")


def redact(text: str) -> str:
    """Git prints remote URLs; one may carry a token (https://x-access-token:TOKEN@...)."""
    return _CREDENTIALS.sub(r"\1***@", text)


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)


def describe(target: Target) -> str:
    extras = [".nojekyll"] + ([f"CNAME {target.option('cname')}"] if target.option("cname") else [])
    return (f"commit the site to branch {target.option('branch', 'gh-pages')} and push it to "
            f"{target.option('remote', 'origin')} (with {', '.join(extras)})")


def publish(root: Path, site_dir: Path, target: Target) -> int:
    """Commit `site_dir` onto the branch, push it; return how many files changed."""
    remote = target.option("remote", "origin")
    branch = target.option("branch", "gh-pages")
    if _git(root, "rev-parse", "--git-dir").returncode != 0:
        raise DeployError(f"{target.name}: {root} is not a git repository; GitHub Pages "
                          "deploys from the repository the hub lives in (git init, then add "
                          "the GitHub remote)")
    if _git(root, "remote", "get-url", remote).returncode != 0:
        raise DeployError(f"{target.name}: the repository has no remote '{remote}'; add it "
                          f"(git remote add {remote} URL) or set remote: in content/deploy.yml")
    _git(root, "fetch", remote, f"+refs/heads/{branch}:refs/remotes/{remote}/{branch}")
    before = _git(root, "rev-parse", "--verify", "--quiet", f"refs/remotes/{remote}/{branch}")
    command = [sys.executable, "-m", "ghp_import", "--no-jekyll", "--push",
               "--remote", remote, "--branch", branch,
               "--message", target.option("message", DEFAULT_MESSAGE)]
    if target.option("cname"):
        command += ["--cname", target.option("cname")]
    done = subprocess.run([*command, str(site_dir)], cwd=root, capture_output=True, text=True,
                          check=False)
    if done.returncode != 0:
        detail = redact((done.stderr or done.stdout).strip().splitlines()[-1:][0]
                        if (done.stderr or done.stdout).strip() else "no output")
        raise DeployError(f"{target.name}: pushing branch {branch} to {remote} failed: {detail}; "
                          "the site served before is unchanged")
    if before.returncode != 0:  # the first deploy: every file of the branch is new
        tree = _git(root, "ls-tree", "-r", "--name-only", f"refs/heads/{branch}")
        return len(tree.stdout.splitlines())
    changed = _git(root, "diff", "--name-only", before.stdout.strip(), f"refs/heads/{branch}")
    return len([line for line in changed.stdout.splitlines() if line.strip()])
