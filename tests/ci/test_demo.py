# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""`make demo` (tools/demo.sh) against the tree that `make tree` lays out in build/."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import os
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
VENV_BIN = os.path.dirname(sys.executable)


def test_the_demo_keeps_its_journal_of_creates_to_itself(tmp_path):
    """The demo creates a POC (the journal records it) and takes the ticket lock beside the
    journal: both belong to its own simulator, so nothing lands in ~/.ansible/arin_regrws."""
    home = tmp_path / 'home'
    home.mkdir()
    env = dict((name, value) for name, value in os.environ.items() if not name.startswith(('ARIN_', 'ANSIBLE_')))
    env.update(HOME=str(home), PATH=VENV_BIN + os.pathsep + os.environ.get('PATH', ''), ANSIBLE_NOCOLOR='1')
    done = subprocess.run(['bash', os.path.join(ROOT, 'tools', 'demo.sh')], cwd=ROOT, env=env,
                          stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True, timeout=900, check=False)
    assert done.returncode == 0, done.stdout[-5000:]
    assert 'POST /rest/poc;makeLink=true -> 200' in done.stdout  # a create that went through the journal
    assert not os.path.exists(str(home / '.ansible' / 'arin_regrws'))
