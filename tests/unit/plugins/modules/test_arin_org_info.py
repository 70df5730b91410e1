# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from ansible_collections.arin.regrws.plugins.modules import arin_org_info
from ansible_collections.arin.regrws.tests.unit.plugins.modules.exchanges import Exchange, run_module, xml

ORG = xml('org', '<handle>EXNET-1</handle><orgName>Example Networks LLC</orgName><taxId>98-7654321</taxId>'
                 '<pocLinks><pocLinkRef function="T" handle="NOC1-ARIN" description="Tech"/>'
                 '<pocLinkRef function="AD" handle="ADMIN1-ARIN" description="Admin"/></pocLinks>')
NOT_FOUND = xml('error', '<message>ORG NOPE-1 was not found.</message><code>E_OBJECT_NOT_FOUND</code>')


@pytest.mark.parametrize('check_mode', [False, True])
def test_reads_with_links_and_without_tax_id(monkeypatch, check_mode):
    result, failed, made = run_module(monkeypatch, arin_org_info, dict(handles=['EXNET-1']), [
        Exchange('GET', '/org/EXNET-1', body=ORG),
    ], check_mode=check_mode)
    assert not failed and result['changed'] is False
    org = result['orgs'][0]
    assert org['handle'] == 'EXNET-1'
    assert org['poc_links'] == [dict(function='AD', handle='ADMIN1-ARIN'), dict(function='T', handle='NOC1-ARIN')]
    assert 'tax_id' not in org and '98-7654321' not in str(result)


def test_missing_skip_and_fail(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_org_info, dict(handles=['NOPE-1', 'EXNET-1'], missing='skip'), [
        Exchange('GET', '/org/NOPE-1', status=404, body=NOT_FOUND),
        Exchange('GET', '/org/EXNET-1', body=ORG),
    ])
    assert not failed
    assert result['missing'] == ['NOPE-1']
    assert [o['handle'] for o in result['orgs']] == ['EXNET-1']
    result, failed, made = run_module(monkeypatch, arin_org_info, dict(handles=['NOPE-1']), [
        Exchange('GET', '/org/NOPE-1', status=404, body=NOT_FOUND),
    ])
    assert failed and result['error']['status'] == 404
