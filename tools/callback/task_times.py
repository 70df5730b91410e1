# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark helper (not shipped): records each task's wall time to $TASK_TIMES_FILE as JSON lines."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import json
import os
import time

from ansible.plugins.callback import CallbackBase

DOCUMENTATION = '''
name: task_times
type: aggregate
short_description: Record task wall times for the benchmarks
description: Writes one JSON line per finished task to the file named by TASK_TIMES_FILE.
'''


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'aggregate'
    CALLBACK_NAME = 'task_times'
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super(CallbackModule, self).__init__()
        self.started = {}

    def v2_playbook_on_task_start(self, task, is_conditional):
        self.started[task._uuid] = time.monotonic()

    def v2_runner_on_ok(self, result):
        start = self.started.get(result._task._uuid)
        if start is not None:
            with open(os.environ['TASK_TIMES_FILE'], 'a') as handle:
                handle.write(json.dumps({'task': result._task.get_name(),
                                         'seconds': time.monotonic() - start}) + '\n')
