# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The lines arin_net_reassignments returns for a person to read (lines, and the diff)."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from ansible_collections.arin.regrws.plugins.module_utils._reassign import count_line, net_line, shown


def entry(action, **fields):
    base = dict(prefix='192.0.2.64/26', action=action, changed=action != 'unchanged', handle=None,
                net_name='BAKERY-V4', type='S', customer_handle=None, org_handle=None, ticket=None, changes={},
                pruned=False, error=None)
    base.update(fields)
    return base


@pytest.mark.parametrize('fields, line', [
    # A new net, planned in check mode: every field is in changes ([None, value]); the line is one.
    (dict(action='created', changes={'net_name': [None, 'BAKERY-V4'], 'customer.city': [None, 'Anytown']}),
     '+ 192.0.2.64/26 BAKERY-V4 (new)'),
    (dict(action='created', handle='NET-192-0-2-64-1'), '+ 192.0.2.64/26 BAKERY-V4 (NET-192-0-2-64-1)'),
    (dict(action='created', handle='NET-192-0-2-64-1', ticket='20261201-X1'),
     '+ 192.0.2.64/26 BAKERY-V4 (NET-192-0-2-64-1) ticket 20261201-X1'),
    (dict(action='updated', handle='NET-192-0-2-64-1',
          changes={'net_name': ['OLD', 'BAKERY-V4'], 'comments': [None, ['Head office', 'Floor 2']],
                   'customer.private': [False, True]}),
     '~ 192.0.2.64/26 BAKERY-V4 (NET-192-0-2-64-1) comments: unset -> ["Head office", "Floor 2"]; '
     'customer.private: no -> yes; net_name: OLD -> BAKERY-V4'),
    (dict(action='updated', handle='NET-192-0-2-64-1',
          changes={'poc_links': [[{'function': 'AB', 'handle': 'ABUSE1-ARIN'}], []]}),
     '~ 192.0.2.64/26 BAKERY-V4 (NET-192-0-2-64-1) poc_links: [AB:ABUSE1-ARIN] -> unset'),
    (dict(action='removed', handle='NET-192-0-2-64-1'), '- 192.0.2.64/26 BAKERY-V4 (NET-192-0-2-64-1)'),
    (dict(action='removed', handle='NET-192-0-2-64-1', pruned=True),
     '- 192.0.2.64/26 BAKERY-V4 (NET-192-0-2-64-1) pruned'),
    (dict(action='ticket', ticket='20261201-X1'),
     '? 192.0.2.64/26 BAKERY-V4 (new) registration waits for ARIN ticket 20261201-X1'),
    (dict(action='ticket', handle='NET-192-0-2-64-1', ticket='20261201-X2', pruned=True),
     '? 192.0.2.64/26 BAKERY-V4 (NET-192-0-2-64-1) pruned removal waits for ARIN ticket 20261201-X2'),
    (dict(action='failed', error='Reassign NET: ARIN answered HTTP 500'),
     '! 192.0.2.64/26 BAKERY-V4: Reassign NET: ARIN answered HTTP 500'),
    (dict(action='failed', handle='NET-192-0-2-64-1', net_name=None, error='Modify NET: refused',
          changes={'net_name': ['OLD', 'NEW']}),
     '! 192.0.2.64/26 (NET-192-0-2-64-1): Modify NET: refused'),
])
def test_one_line_per_net(fields, line):
    assert net_line(entry(**fields)) == line


def test_an_unchanged_net_has_no_line():
    assert net_line(entry('unchanged', handle='NET-192-0-2-64-1')) is None


@pytest.mark.parametrize('action', ['created', 'updated', 'removed', 'ticket', 'failed'])
def test_no_line_says_none(action):
    """Whatever is unknown (handle, name, ticket number, error, old values) is left out or reads unset."""
    bare = entry(action, net_name=None, changes={'comments': [None, None], 'net_name': [None, 'X']})
    line = net_line(bare)
    signs = {'created': '+', 'updated': '~', 'removed': '-', 'ticket': '?', 'failed': '!'}
    assert line.startswith('%s 192.0.2.64/26' % signs[action])
    assert 'None' not in line and 'null' not in line


@pytest.mark.parametrize('value, text', [
    (None, 'unset'), ('', 'unset'), ([], 'unset'), ({}, 'unset'), (True, 'yes'), (False, 'no'), (6, '6'),
    ('Anytown', 'Anytown'), (['12 Sample Road', 'Unit 4'], '["12 Sample Road", "Unit 4"]'),
    ([{'function': 'T', 'handle': 'WIDGET1-ARIN'}, {'function': 'AB', 'handle': None}], '[T:WIDGET1-ARIN, AB]'),
    (['Caf\u00e9'], '["Caf\u00e9"]'),
])
def test_values_read_as_a_person_would_write_them(value, text):
    assert shown(value) == text


@pytest.mark.parametrize('summary, total, check_mode, line', [
    (dict(created=2, updated=1, removed=0, unchanged=297, ticket=0, failed=0), 300, False,
     '300 nets: 2 created, 1 updated, 297 unchanged'),
    (dict(created=1, updated=0, removed=0, unchanged=0, ticket=0, failed=0), 1, True,
     '1 net: 1 created (check mode: nothing was written)'),
    (dict(created=0, updated=0, removed=1, unchanged=0, ticket=2, failed=1), 4, False,
     '4 nets: 1 removed, 2 waiting for a ticket, 1 failed'),
    (dict(created=0, updated=0, removed=0, unchanged=0, ticket=0, failed=0), 0, False, '0 nets'),
])
def test_the_count_line(summary, total, check_mode, line):
    assert count_line(summary, total, check_mode) == line
