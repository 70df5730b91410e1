# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from lxml import etree

from ansible_collections.arin.regrws.plugins.modules import arin_poc
from ansible_collections.arin.regrws.tests.unit.plugins.modules.exchanges import Exchange, run_module, xml, CORE

NS = {'a': CORE}


def poc_xml(handle='NOC1-ARIN', comment='', emails=('noc@example.net',), extra=''):
    # Order and line numbering as ARIN's server answers (largely alphabetical, lines from 0).
    return xml('poc', (
        '<city>Anytown</city><companyName>Example Networks LLC</companyName><contactType>ROLE</contactType>'
        '<iso3166-1><name>UNITED STATES</name><code2>US</code2><code3>USA</code3><e164>1</e164></iso3166-1>'
        '<emails>%s</emails><handle>%s</handle><lastName>Example Networks NOC</lastName>'
        '<phones><phone><number>+1-555-555-0100</number><type><code>O</code><description>OFFICE</description></type>'
        '</phone></phones><postalCode>22000</postalCode><iso3166-2>VA</iso3166-2>'
        '<registrationDate>2026-11-27T10:00:00-05:00</registrationDate>'
        '<streetAddress><line number="0">100 Example Way</line></streetAddress>%s%s'
    ) % (''.join('<email>%s</email>' % e for e in emails), handle,
         '<comment><line number="0">%s</line></comment>' % comment if comment else '', extra))


ORG = xml('org', '<handle>EXNET-1</handle><orgName>Example Networks LLC</orgName><pocLinks>'
                 '<pocLinkRef function="AD" handle="ADMIN1-ARIN"/><pocLinkRef function="N" handle="NOC1-ARIN"/>'
                 '<pocLinkRef function="T" handle="NOC1-ARIN"/></pocLinks>')
ADMIN = xml('poc', '<handle>ADMIN1-ARIN</handle><contactType>PERSON</contactType><firstName>Alex</firstName>'
                   '<lastName>Admin</lastName>')

DESIRED = dict(
    org_handle='EXNET-1', contact_type='ROLE', last_name='Example Networks NOC', company_name='Example Networks LLC',
    street_address=['100 Example Way'], city='Anytown', region='VA', postal_code='22000', country='US',
    emails=['NOC@example.net'], phones=[dict(type='O', number='+1-555-555-0100')],
)


def sent(body):
    return etree.fromstring(body)


@pytest.mark.parametrize('check_mode', [False, True])
@pytest.mark.parametrize('diff', [False, True])
def test_no_change_reads_only(monkeypatch, check_mode, diff):
    result, failed, made = run_module(monkeypatch, arin_poc, dict(DESIRED), [
        Exchange('GET', '/org/EXNET-1', body=ORG),
        Exchange('GET', '/poc/ADMIN1-ARIN', body=ADMIN),
        Exchange('GET', '/poc/NOC1-ARIN', body=poc_xml()),
    ], check_mode=check_mode, diff=diff)
    assert not failed, result
    assert result['changed'] is False
    assert result['poc']['handle'] == 'NOC1-ARIN'
    assert result['poc']['emails'] == ['noc@example.net']
    assert ('diff' in result) is diff
    if diff:
        assert result['diff']['before'] == result['diff']['after']
        assert result['diff']['before_header'] == 'poc/NOC1-ARIN'


@pytest.mark.parametrize('diff', [False, True])
def test_update_in_check_mode_writes_nothing(monkeypatch, diff):
    result, failed, made = run_module(monkeypatch, arin_poc, dict(handle='NOC1-ARIN', comments=['24x7 desk']), [
        Exchange('GET', '/poc/NOC1-ARIN', body=poc_xml()),
    ], check_mode=True, diff=diff)
    assert not failed and result['changed'] is True
    assert result['poc']['comments'] == ['24x7 desk']
    if diff:
        assert result['diff']['before']['comments'] == []
        assert result['diff']['after']['comments'] == ['24x7 desk']
        assert 'registration_date' not in result['diff']['after']


def test_update_sends_whole_record_and_keeps_unknown_elements(monkeypatch):
    unknown = '<futureField xmlns="urn:example:future">kept</futureField>'

    def check(body):
        root = sent(body)
        assert root.find('a:comment/a:line', NS).text == '24x7 desk'
        assert root.find('a:comment/a:line', NS).get('number') == '0'
        assert root.find('a:phones/a:phone/a:number', NS).text == '+1-555-555-0100'
        assert root.find('{urn:example:future}futureField').text == 'kept'
        assert root.find('a:handle', NS).text == 'NOC1-ARIN'

    result, failed, made = run_module(monkeypatch, arin_poc, dict(handle='NOC1-ARIN', comments=['24x7 desk']), [
        Exchange('GET', '/poc/NOC1-ARIN', body=poc_xml(extra=unknown)),
        Exchange('PUT', '/poc/NOC1-ARIN', body=poc_xml(comment='24x7 desk'), check=check),
    ], diff=True)
    assert not failed, result
    assert result['changed'] is True
    assert result['poc']['comments'] == ['24x7 desk']
    assert result['diff']['after']['comments'] == ['24x7 desk']


@pytest.mark.parametrize('check_mode', [False, True])
def test_create_when_no_match_in_org(monkeypatch, check_mode):
    desired = dict(DESIRED, last_name='Example Networks Peering', emails=['peering@example.net'])
    exchanges = [
        Exchange('GET', '/org/EXNET-1', body=ORG),
        Exchange('GET', '/poc/ADMIN1-ARIN', body=ADMIN),
        Exchange('GET', '/poc/NOC1-ARIN', body=poc_xml()),
    ]

    def check(body):
        root = sent(body)
        assert root.find('a:handle', NS) is None
        assert root.find('a:lastName', NS).text == 'Example Networks Peering'
        assert root.find('a:iso3166-1/a:code2', NS).text == 'US'

    if not check_mode:
        exchanges.append(Exchange('POST', '/poc;makeLink=true', check=check,
                                  body=poc_xml(handle='EXAMP5-ARIN', emails=('peering@example.net',))))
    result, failed, made = run_module(monkeypatch, arin_poc, desired, exchanges, check_mode=check_mode, diff=True)
    assert not failed, result
    assert result['changed'] is True
    assert result['diff']['before'] == {}
    assert result['diff']['after']['emails'] == ['peering@example.net']
    assert result['poc'].get('handle') == (None if check_mode else 'EXAMP5-ARIN')


@pytest.mark.parametrize('check_mode', [False, True])
def test_delete(monkeypatch, check_mode):
    exchanges = [Exchange('GET', '/poc/NOC1-ARIN', body=poc_xml())]
    if not check_mode:
        exchanges.append(Exchange('DELETE', '/poc/NOC1-ARIN', body=poc_xml()))
    result, failed, made = run_module(monkeypatch, arin_poc, dict(handle='NOC1-ARIN', state='absent'), exchanges,
                                      check_mode=check_mode, diff=True)
    assert not failed and result['changed'] is True
    assert result['poc'] == {}
    assert result['diff']['after'] == {}
    assert result['diff']['before']['last_name'] == 'Example Networks NOC'


@pytest.mark.parametrize('check_mode', [False, True])
def test_absent_already(monkeypatch, check_mode):
    result, failed, made = run_module(monkeypatch, arin_poc, dict(handle='GONE1-ARIN', state='absent'), [
        Exchange('GET', '/poc/GONE1-ARIN', status=404,
                 body=xml('error', '<code>E_OBJECT_NOT_FOUND</code><message>The object was not found.</message>')),
    ], check_mode=check_mode)
    assert not failed and result['changed'] is False


def test_immutable_change_fails_before_write(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_poc, dict(handle='NOC1-ARIN', last_name='Renamed NOC'), [
        Exchange('GET', '/poc/NOC1-ARIN', body=poc_xml()),
    ])
    assert failed
    assert 'last_name cannot be changed' in result['msg']
    assert result['error']['kind'] == 'input'


def test_delete_linked_poc_shows_arin_error(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_poc, dict(handle='NOC1-ARIN', state='absent'), [
        Exchange('GET', '/poc/NOC1-ARIN', body=poc_xml()),
        Exchange('DELETE', '/poc/NOC1-ARIN', status=409, body=xml(
            'error', '<code>E_NOT_REMOVEABLE</code><message>The POC is linked to resources.</message>'
                     '<components/><additionalInfo><message>Unlink it from org EXNET-1 first.</message></additionalInfo>')),
    ])
    assert failed
    assert result['msg'] == ('delete poc/NOC1-ARIN: HTTP 409 E_NOT_REMOVEABLE: The POC is linked to resources. '
                             '(Unlink it from org EXNET-1 first.)')
    assert result['error']['code'] == 'E_NOT_REMOVEABLE'
    assert result['error']['status'] == 409


@pytest.mark.parametrize('args, message', [
    (dict(handle='NOC1-ARIN', country='USA'), 'ISO 3166-1 alpha-2'),
    (dict(handle='NOC1-ARIN', emails=['not-an-address']), 'is not an e-mail address'),
    (dict(handle='NOC1-ARIN', phones=[dict(type='F', number='+1-555-555-0199')]), 'office phone'),
    (dict(handle='NOC1-ARIN', city=u'Montr\u00e9al'), 'ASCII only'),
    (dict(handle='NOC1-ARIN', api_key='API-1234'), 'not an ARIN API key'),
    (dict(handle='NOC1-ARIN', base_url='http://reg.example.test/rest'), 'https is required'),
    (dict(org_handle='EXNET-1', contact_type='ROLE'), 'needs last_name'),
])
def test_bad_input_fails_before_any_request(monkeypatch, args, message):
    result, failed, made = run_module(monkeypatch, arin_poc, args, [])
    assert failed
    assert message in result['msg']
    assert made == []
    assert '\n' not in result['msg']


def test_create_refused_with_unknown_handle(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_poc, dict(DESIRED, handle='NEW1-ARIN'), [
        Exchange('GET', '/poc/NEW1-ARIN', status=404, body=xml('error', '<code>E_OBJECT_NOT_FOUND</code>')),
    ])
    assert failed
    assert 'does not exist' in result['msg']


def test_non_exclusive_lists_keep_what_arin_holds(monkeypatch):
    more = poc_xml(emails=('noc@example.net', 'ops@example.net'), extra='')
    result, failed, made = run_module(monkeypatch, arin_poc, dict(
        handle='NOC1-ARIN', exclusive=False, emails=['NOC@example.net'], phones=[dict(type='O', number='+1-555-555-0100')],
    ), [Exchange('GET', '/poc/NOC1-ARIN', body=more)])
    assert not failed and not result['changed']
    assert result['poc']['emails'] == ['noc@example.net', 'ops@example.net']


def test_exclusive_lists_remove_the_rest(monkeypatch):
    more = poc_xml(emails=('noc@example.net', 'ops@example.net'))
    result, failed, made = run_module(monkeypatch, arin_poc, dict(handle='NOC1-ARIN', emails=['noc@example.net']), [
        Exchange('GET', '/poc/NOC1-ARIN', body=more),
    ], check_mode=True, diff=True)
    assert not failed and result['changed']
    assert result['diff']['after']['emails'] == ['noc@example.net']


def test_non_exclusive_adds_a_missing_phone(monkeypatch):
    def check(body):
        assert sent(body).findall('a:phones/a:phone', NS).__len__() == 2

    result, failed, made = run_module(monkeypatch, arin_poc, dict(
        handle='NOC1-ARIN', exclusive=False, phones=[dict(type='M', number='+1-555-555-0142')],
    ), [
        Exchange('GET', '/poc/NOC1-ARIN', body=poc_xml()),
        Exchange('PUT', '/poc/NOC1-ARIN', body=poc_xml(), check=check),
    ])
    assert not failed and result['changed']


def test_trailing_blank_comment_lines_are_no_change(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_poc, dict(handle='NOC1-ARIN', comments=['24x7 desk  ', '']), [
        Exchange('GET', '/poc/NOC1-ARIN', body=poc_xml(comment='24x7 desk')),
    ])
    assert not failed and not result['changed']


PEERING = dict(DESIRED, last_name='Example Networks Peering', emails=['peering@example.net'])
LOOKUP = [
    Exchange('GET', '/org/EXNET-1', body=ORG),
    Exchange('GET', '/poc/ADMIN1-ARIN', body=ADMIN),
    Exchange('GET', '/poc/NOC1-ARIN', body=poc_xml()),
]


def peering_xml(handle='EXAMP5-ARIN'):
    return poc_xml(handle=handle, emails=('peering@example.net',)).replace(b'Example Networks NOC',
                                                                           b'Example Networks Peering')


def test_create_then_rerun_before_linking_finds_the_new_poc(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_poc, dict(PEERING), LOOKUP + [
        Exchange('POST', '/poc;makeLink=true', body=peering_xml()),
    ])
    assert not failed and result['changed'] is True
    # Not linked to the org yet: the lookup misses it, the journal knows its handle.
    result, failed, made = run_module(monkeypatch, arin_poc, dict(PEERING), LOOKUP + [
        Exchange('GET', '/poc/EXAMP5-ARIN', body=peering_xml()),
    ])
    assert not failed, result
    assert result['changed'] is False
    assert result['poc']['handle'] == 'EXAMP5-ARIN'


def test_lost_create_is_never_sent_again_unasked(monkeypatch):
    import requests
    result, failed, made = run_module(monkeypatch, arin_poc, dict(PEERING), LOOKUP + [
        Exchange('POST', '/poc;makeLink=true', raises=requests.exceptions.ReadTimeout('read timed out')),
    ])
    assert failed
    assert result['error']['kind'] == 'uncertain_write'
    assert 'could not tell whether ARIN acted' in result['msg']
    assert "the ROLE POC 'Example Networks Peering' meant for org/EXNET-1" in result['msg']
    assert 'refuses to create it again' in result['msg']

    result, failed, made = run_module(monkeypatch, arin_poc, dict(PEERING), list(LOOKUP))
    assert failed
    assert 'could not tell whether ARIN acted (create poc: the request was sent' in result['msg']
    assert 'give its handle' in result['msg'] and 'retry_unconfirmed_create=true' in result['msg']
    assert [m for m, path, body, headers in made] == ['GET', 'GET', 'GET']

    result, failed, made = run_module(monkeypatch, arin_poc, dict(PEERING, retry_unconfirmed_create=True), LOOKUP + [
        Exchange('POST', '/poc;makeLink=true', body=peering_xml('EXAMP6-ARIN')),
    ])
    assert not failed and result['poc']['handle'] == 'EXAMP6-ARIN'


def test_lost_create_found_linked_later_settles_the_journal(monkeypatch):
    import requests
    run_module(monkeypatch, arin_poc, dict(PEERING), LOOKUP + [
        Exchange('POST', '/poc;makeLink=true', raises=requests.exceptions.ReadTimeout('read timed out')),
    ])
    linked = ORG.replace(b'</pocLinks>', b'<pocLinkRef function="T" handle="EXAMP5-ARIN"/></pocLinks>')
    lookup = [Exchange('GET', '/org/EXNET-1', body=linked), LOOKUP[1],
              Exchange('GET', '/poc/EXAMP5-ARIN', body=peering_xml()), LOOKUP[2]]
    result, failed, made = run_module(monkeypatch, arin_poc, dict(PEERING), list(lookup))
    assert not failed and result['changed'] is False and result['poc']['handle'] == 'EXAMP5-ARIN'
    result, failed, made = run_module(monkeypatch, arin_poc, dict(PEERING, org_handle='EXNET-1'), LOOKUP + [
        Exchange('POST', '/poc;makeLink=true', body=peering_xml('EXAMP6-ARIN')),
    ])
    assert not failed  # the entry is gone: a new lookup miss creates again


def test_several_matches_name_the_handles_and_create_nothing(monkeypatch):
    twins = ORG.replace(b'</pocLinks>', b'<pocLinkRef function="AB" handle="NOC2-ARIN"/></pocLinks>')
    result, failed, made = run_module(monkeypatch, arin_poc, dict(DESIRED), [
        Exchange('GET', '/org/EXNET-1', body=twins),
        Exchange('GET', '/poc/ADMIN1-ARIN', body=ADMIN),
        Exchange('GET', '/poc/NOC1-ARIN', body=poc_xml()),
        Exchange('GET', '/poc/NOC2-ARIN', body=poc_xml(handle='NOC2-ARIN')),
    ])
    assert failed
    assert 'NOC1-ARIN, NOC2-ARIN' in result['msg'] and 'Nothing was created' in result['msg']
    assert 'give handle to choose' in result['msg']
    assert all(method == 'GET' for method, path, body, headers in made)


# -- org_function: the POC linked to the org in the same task -----------------------------------

def linked_org(*links):
    extra = ''.join('<pocLinkRef function="%s" handle="%s"/>' % link for link in links)
    return ORG.replace(b'</pocLinks>', extra.encode() + b'</pocLinks>')


def links_of(result):
    return sorted((link['function'], link['handle']) for link in result['org']['poc_links'])


@pytest.mark.parametrize('check_mode', [False, True])
def test_org_function_creates_and_links_in_one_task(monkeypatch, check_mode):
    exchanges = list(LOOKUP)
    if not check_mode:
        exchanges += [
            Exchange('POST', '/poc;makeLink=true', body=peering_xml()),
            Exchange('PUT', '/org/EXNET-1/poc/EXAMP5-ARIN;pocFunction=T', body=linked_org(('T', 'EXAMP5-ARIN'))),
        ]
    result, failed, made = run_module(monkeypatch, arin_poc, dict(PEERING, org_function='T'), exchanges,
                                      check_mode=check_mode, diff=True)
    assert not failed, result
    assert result['changed'] is True
    assert dict(function='T', handle=None if check_mode else 'EXAMP5-ARIN') in result['org']['poc_links']
    assert result['diff']['before'] == {}
    assert result['diff']['after']['org_functions'] == ['T']
    assert result['diff']['after']['last_name'] == 'Example Networks Peering'
    if not check_mode:
        assert made[-1][2] is None  # Add POC to Org carries no body


def test_org_function_rerun_finds_the_linked_poc_and_changes_nothing(monkeypatch):
    run_module(monkeypatch, arin_poc, dict(PEERING, org_function='T'), LOOKUP + [
        Exchange('POST', '/poc;makeLink=true', body=peering_xml()),
        Exchange('PUT', '/org/EXNET-1/poc/EXAMP5-ARIN;pocFunction=T', body=linked_org(('T', 'EXAMP5-ARIN'))),
    ])
    result, failed, made = run_module(monkeypatch, arin_poc, dict(PEERING, org_function='T'), [
        Exchange('GET', '/org/EXNET-1', body=linked_org(('T', 'EXAMP5-ARIN'))),
        LOOKUP[1],
        Exchange('GET', '/poc/EXAMP5-ARIN', body=peering_xml()),
        LOOKUP[2],
    ], diff=True)
    assert not failed, result
    assert result['changed'] is False
    assert result['poc']['handle'] == 'EXAMP5-ARIN'
    assert result['diff']['before'] == result['diff']['after']
    assert result['diff']['after']['org_functions'] == ['T']
    assert all(method == 'GET' for method, path, body, headers in made)


@pytest.mark.parametrize('check_mode', [False, True])
def test_org_function_adds_a_missing_function_to_a_found_poc(monkeypatch, check_mode):
    exchanges = [
        Exchange('GET', '/org/EXNET-1', body=ORG),
        Exchange('GET', '/poc/ADMIN1-ARIN', body=ADMIN),
        Exchange('GET', '/poc/NOC1-ARIN', body=poc_xml()),
    ]
    if not check_mode:
        exchanges.append(Exchange('PUT', '/org/EXNET-1/poc/NOC1-ARIN;pocFunction=AB',
                                  body=linked_org(('AB', 'NOC1-ARIN'))))
    result, failed, made = run_module(monkeypatch, arin_poc, dict(DESIRED, org_function='AB'), exchanges,
                                      check_mode=check_mode, diff=True)
    assert not failed, result
    assert result['changed'] is True
    assert ('AB', 'NOC1-ARIN') in links_of(result)
    assert result['diff']['before']['org_functions'] == ['N', 'T']
    assert result['diff']['after']['org_functions'] == ['AB', 'N', 'T']
    assert not [m for m, path, body, headers in made if path.startswith('/poc') and m != 'GET']


def test_org_function_with_handle_reads_the_org_first(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_poc, dict(handle='NOC1-ARIN', org_handle='NOPE-1',
                                                                  org_function='T', comments=['24x7 desk']), [
        Exchange('GET', '/org/NOPE-1', status=404, body=xml('error', '<code>E_OBJECT_NOT_FOUND</code>')),
    ])
    assert failed
    assert result['error']['status'] == 404
    assert [m for m, path, body, headers in made] == ['GET']


def test_a_failed_link_names_the_new_poc_and_a_rerun_links_it(monkeypatch):
    from ansible.module_utils import basic
    refused = xml('error', '<code>E_AUTHENTICATION</code><message>Not authorized.</message>')
    result, failed, made = run_module(monkeypatch, arin_poc, dict(PEERING, org_function='T'), LOOKUP + [
        Exchange('POST', '/poc;makeLink=true', body=peering_xml()),
        Exchange('PUT', '/org/EXNET-1/poc/EXAMP5-ARIN;pocFunction=T', status=401, body=refused),
    ])
    assert failed
    assert 'poc/EXAMP5-ARIN was created but is not linked to org/EXNET-1 yet' in result['msg']

    warnings = []
    monkeypatch.setattr(basic.AnsibleModule, 'warn', lambda self, message: warnings.append(message))
    result, failed, made = run_module(monkeypatch, arin_poc, dict(PEERING, org_function='T'), LOOKUP + [
        Exchange('GET', '/poc/EXAMP5-ARIN', body=peering_xml()),
        Exchange('PUT', '/org/EXNET-1/poc/EXAMP5-ARIN;pocFunction=T', body=linked_org(('T', 'EXAMP5-ARIN'))),
    ])
    assert not failed, result
    assert result['changed'] is True and result['poc']['handle'] == 'EXAMP5-ARIN'
    assert not [m for m, path, body, headers in made if m == 'POST']
    assert not warnings  # linked in this task: nothing to warn about


def test_without_org_function_a_created_poc_is_not_linked(monkeypatch):
    result, failed, made = run_module(monkeypatch, arin_poc, dict(PEERING), LOOKUP + [
        Exchange('POST', '/poc;makeLink=true', body=peering_xml()),
    ])
    assert not failed and result['changed'] is True
    assert 'org' not in result
    assert not [path for m, path, body, headers in made if path.startswith('/org') and m != 'GET']


@pytest.mark.parametrize('args, message', [
    (dict(DESIRED, org_function='T', state='absent'), 'org_function links the POC and needs state=present'),
    (dict(handle='NOC1-ARIN', org_function='T'), 'org_handle'),
])
def test_org_function_bad_input_fails_before_any_request(monkeypatch, args, message):
    result, failed, made = run_module(monkeypatch, arin_poc, args, [])
    assert failed
    assert message in result['msg']
    assert made == []


# -- empty names ---------------------------------------------------------------------------------

def test_empty_names_of_a_role_poc_are_no_names(monkeypatch):
    """first_name: '' on a ROLE POC finds the POC (it has no first name) instead of creating another."""
    result, failed, made = run_module(monkeypatch, arin_poc, dict(DESIRED, first_name='', middle_name=' '),
                                      list(LOOKUP), diff=True)
    assert not failed, result
    assert result['changed'] is False and result['poc']['handle'] == 'NOC1-ARIN'


def test_a_role_poc_read_with_empty_name_elements_goes_back_without_them(monkeypatch):
    def check(body):
        root = sent(body)
        assert root.find('a:firstName', NS) is None
        assert root.find('a:middleName', NS) is None
        assert root.find('a:lastName', NS).text == 'Example Networks NOC'

    empty = poc_xml(extra='<firstName/><middleName></middleName>')
    result, failed, made = run_module(monkeypatch, arin_poc, dict(handle='NOC1-ARIN', comments=['24x7 desk']), [
        Exchange('GET', '/poc/NOC1-ARIN', body=empty),
        Exchange('PUT', '/poc/NOC1-ARIN', body=poc_xml(comment='24x7 desk'), check=check),
    ])
    assert not failed, result
    assert result['changed'] is True


@pytest.mark.parametrize('check_mode', [False, True])
@pytest.mark.parametrize('content', ['[]', '{"[\\"poc\\"]": "pending"}', '{"[\\"poc\\"]": {"handle": 5}}',
                                     '{"[\\"poc\\"]": null}'], ids=['array', 'string-entry', 'number-handle', 'null'])
def test_a_malformed_journal_fails_before_any_request(monkeypatch, tmp_path, check_mode, content):
    journal = tmp_path / 'journal.json'
    journal.write_text(content)
    result, failed, made = run_module(monkeypatch, arin_poc, dict(PEERING, create_journal=str(journal)), [],
                                      check_mode=check_mode)
    assert failed and made == []
    assert result['msg'].startswith('create_journal %s is malformed: ' % journal)
    assert 'nothing was sent and the file was left as it is' in result['msg'] and '\n' not in result['msg']
    assert journal.read_text() == content
