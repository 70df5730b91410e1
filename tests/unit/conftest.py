# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest


@pytest.fixture(autouse=True)
def create_journal_in_tmp(monkeypatch, tmp_path):
    """Every test gets its own journal of pending creates, never the user's, and runs in a
    directory of its own, so a relative path a test gives (the fuzzing does) lands there.
    HOME is a directory of its own too, so that even the default journal is the test's."""
    monkeypatch.setenv('ARIN_CREATE_JOURNAL', str(tmp_path / 'pending_creates.json'))
    monkeypatch.setenv('HOME', str(tmp_path / 'home'))
    monkeypatch.chdir(tmp_path)
