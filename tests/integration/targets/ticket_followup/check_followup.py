# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks one run of playbooks/ticket_followup.yml from its output and the simulator's request log.

    check_followup.py check|apply|rerun OUTPUT
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import json
import os
import re
import sys

from urllib.request import Request, urlopen

SEEDED = '20240115-X1'
PENDING = re.compile(r'^\d{8}-X\d+ ORG_CREATE PENDING_REVIEW$')


def task_output(text, name):
    """What the task printed for localhost, from its TASK header to the next one."""
    match = re.search(r'^TASK \[%s\] \*+\n(.*?)(?=^TASK \[|^PLAY RECAP)' % re.escape(name), text, re.M | re.S)
    assert match, 'no task %r in the output' % name
    return match.group(1)


def shown(text, name):
    body = task_output(text, name)
    return json.loads(body[body.index('{'):body.rindex('}') + 1])['msg']


def requests_since_last_check():
    base = os.environ['SIM_URL'] + '/__sim__/requests'
    log = json.loads(urlopen(base).read().decode('utf-8'))['requests']
    urlopen(Request(base, method='DELETE')).read()
    return log


def main(run, path):
    with open(path) as handle:
        text = handle.read()
    pending = shown(text, 'Show the tickets ARIN is still working on')
    resolved = shown(text, 'Show the tickets ARIN has resolved, to close')
    closing = re.findall(r'^(\w+): \[localhost\] => \(item=(.*)\)$', task_output(text, 'Close each resolved ticket'), re.M)
    changed = int(re.search(r'^localhost +: .*changed=(\d+)', text, re.M).group(1))
    writes = [(entry['method'], entry['path']) for entry in requests_since_last_check() if entry['method'] != 'GET']

    # The ticket in review is listed as in progress; the resolved one never is.
    assert len(pending) == 1 and PENDING.match(pending[0]), pending
    assert not [line for line in pending if SEEDED in line], pending
    if run == 'rerun':
        assert resolved == [] and closing == [] and changed == 0, (resolved, closing, changed)
    else:
        assert resolved == [SEEDED + ' QUESTION RESOLVED (ANSWERED)'], resolved
        assert closing == [('changed', SEEDED + ' QUESTION RESOLVED (ANSWERED) to CLOSED')], closing
        assert changed == 1, changed
    expected = [('PUT', '/rest/ticket/%s/ticketStatus/CLOSED' % SEEDED)] if run == 'apply' else []
    assert writes == expected, writes


if __name__ == '__main__':
    try:
        main(*sys.argv[1:])
    except AssertionError as error:
        with open(sys.argv[2]) as handle:
            sys.stderr.write(handle.read())
        sys.exit('ticket_followup.yml, %s run: %s' % (sys.argv[1], error))
