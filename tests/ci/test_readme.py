# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The README runs: every ```sh block of README.md, as written, in a clean copy of the checkout.

The copy holds what git tracks or would track (like a fresh clone of the working state)
and starts without .venv, build/ or dist/, so `make venv` really builds its environment.
HOME is a fresh directory, so `make install` puts the collection into a
~/.ansible/collections of its own, and nothing from the test's environment (ANSIBLE_*,
ARIN_*, PYTHONPATH, the test's virtual environment on PATH) leaks into the blocks.

The blocks run one after the other in one bash process (`set -e -o pipefail`), so an
`export` or an activated environment carries over to the next block, as it does for a
person who pastes them in order. The only change made to them is the simulator's
address: http://127.0.0.1:8181 becomes a simulator this test starts on a free port, and
SIM_PORT=0 keeps `make sim-start` off port 8181 too.

A block that must not run here is preceded by a line
`<!-- readme-test: skip (the reason) -->`; keep that list tiny.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import os
import re
import signal
import subprocess
import sys

import pytest

from test_molecule_awx import Simulator

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
README = os.path.join(ROOT, 'README.md')
VENV_BIN = os.path.dirname(sys.executable)
README_SIM = 'http://127.0.0.1:8181'
RUNNABLE = ('sh', 'bash', 'shell')
SKIP = re.compile(r'^<!--\s*readme-test:\s*skip\s*\((?P<reason>[^)]+)\)\s*-->\s*$')
FENCE = re.compile(r'^(?P<fence>```+|~~~+)\s*(?P<lang>[\w+-]*)')
MARKER = '### README.md line '
MOST_SKIPPED = 2


def readme_blocks(text):
    """Every fenced block as (line number of its fence, language, code, reason to skip or None)."""
    blocks = []
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        opening = FENCE.match(lines[index])
        if not opening:
            index += 1
            continue
        start = index
        index += 1
        code = []
        while index < len(lines) and not lines[index].startswith(opening.group('fence')):
            code.append(lines[index])
            index += 1
        index += 1
        before = [line for line in lines[max(0, start - 2):start] if line.strip()]
        skip = SKIP.match(before[-1]) if before else None
        blocks.append((start + 1, opening.group('lang').lower(), '\n'.join(code) + '\n',
                       skip.group('reason').strip() if skip else None))
    return blocks


def runnable_blocks():
    with open(README) as handle:
        return [block for block in readme_blocks(handle.read()) if block[1] in RUNNABLE]


def test_readme_blocks_are_found_and_skips_are_few():
    blocks = runnable_blocks()
    assert len(blocks) >= 5, blocks
    skipped = [(line, reason) for line, dummy, dummy2, reason in blocks if reason]
    assert len(skipped) <= MOST_SKIPPED, 'README blocks skipped in CI: %r; keep that list tiny' % skipped
    for line, dummy, code, dummy2 in blocks:
        assert code.strip(), 'empty sh block at README.md line %d' % line


def test_the_skip_convention_is_read():
    text = ('Intro\n\n```sh\necho one\n```\n\n<!-- readme-test: skip (needs root) -->\n```sh\necho two\n```\n'
            '\n```yaml\nkey: value\n```\n')
    assert readme_blocks(text) == [(3, 'sh', 'echo one\n', None), (8, 'sh', 'echo two\n', 'needs root'),
                                   (12, 'yaml', 'key: value\n', None)]


def _clean_copy(dest):
    """The working state of the checkout as a fresh clone would have it: a git repository of its own."""
    listing = subprocess.check_output(['git', 'ls-files', '-co', '--exclude-standard', '-z'], cwd=ROOT)
    names = [name for name in listing.decode('utf-8').split('\0') if name and os.path.lexists(os.path.join(ROOT, name))]
    os.makedirs(dest)
    subprocess.run(['cp', '--parents', '-t', dest] + names, cwd=ROOT, check=True)
    subprocess.run('git init -q && git add -A && git -c user.name=readme -c user.email=readme@localhost '
                   'commit -qm readme', shell=True, cwd=dest, check=True)


def _readme_env(home):
    env = {}
    for name, value in os.environ.items():
        if name.startswith(('ANSIBLE_', 'ARIN_', 'PYTEST_', 'MOLECULE_')):
            continue
        if name in ('PYTHONPATH', 'VIRTUAL_ENV', 'HOME', 'MAKEFLAGS', 'MAKELEVEL', 'MFLAGS', 'SIM_PORT'):
            continue
        env[name] = value
    env['PATH'] = os.pathsep.join(part for part in os.environ.get('PATH', '').split(os.pathsep)
                                  if part and os.path.abspath(part) != VENV_BIN)
    env['HOME'] = home
    # Where the real home keeps them: pyenv's interpreters (python3.11 is a pyenv shim
    # here) and pip's download cache (so that `make venv` does not download again).
    env.setdefault('PYENV_ROOT', os.path.join(os.path.expanduser('~'), '.pyenv'))
    env.setdefault('PIP_CACHE_DIR', os.path.join(os.path.expanduser('~'), '.cache', 'pip'))
    env['SIM_PORT'] = '0'
    return env


def test_every_readme_block_runs(tmp_path):
    blocks = runnable_blocks()
    work = str(tmp_path)
    clone = os.path.join(work, 'arin.regrws')
    home = os.path.join(work, 'home')
    os.makedirs(home)
    _clean_copy(clone)

    sim = Simulator(work)
    script = ['set -e -o pipefail', 'cd %s' % clone]
    ran = []
    for line, dummy, code, reason in blocks:
        if reason:
            continue
        ran.append(line)
        script.append('echo "%s%d"' % (MARKER, line))
        script.append(code.replace(README_SIM, sim.url))
    try:
        done = subprocess.run(['bash', '-c', '\n'.join(script)], cwd=clone, env=_readme_env(home),
                              stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              universal_newlines=True, timeout=1800, check=False)
        log = sim.requests()
    finally:
        sim.stop()
        _stop_background_simulator(clone)

    started = [int(found) for found in re.findall('^%s(\\d+)$' % re.escape(MARKER), done.stdout, re.M)]
    if done.returncode != 0:
        tail = '\n'.join(done.stdout.splitlines()[-120:])
        pytest.fail('the README block at line %s failed (exit %d):\n%s'
                    % (started[-1] if started else '?', done.returncode, tail), pytrace=False)
    assert started == ran

    # The collection was used from where the README installs it.
    installed = os.path.join(home, '.ansible', 'collections', 'ansible_collections', 'arin', 'regrws')
    assert os.path.exists(os.path.join(installed, 'MANIFEST.json'))
    # The blocks talked to this test's simulator (the README's export line pointed there),
    # with the key the README gives, and ARIN accepted it.
    assert log, 'the README blocks sent no request to the simulator at %s' % sim.url
    assert not [entry for entry in log if entry['status'] == 401]
    # `make sim-stop` stopped what `make sim-start` started.
    assert not os.path.exists(os.path.join(clone, '.sim', 'sim.pid'))


def _stop_background_simulator(clone):
    """A simulator that `make sim-start` left running because a later block failed."""
    pid_file = os.path.join(clone, '.sim', 'sim.pid')
    if os.path.exists(pid_file):
        with open(pid_file) as handle:
            pid = int(handle.read().strip())
        try:
            os.kill(pid, signal.SIGTERM)
        except OSError:
            pass
