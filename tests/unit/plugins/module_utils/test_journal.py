# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The journal of creates: entries per registry and account, and journals from before that."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import importlib
import json
import os
import re

import pytest

from ansible_collections.arin.regrws.plugins.module_utils._errors import InputError, NotFound, UncertainWrite
from ansible_collections.arin.regrws.plugins.modules import arin_customer
from ansible_collections.arin.regrws.tests.unit.plugins.modules.exchanges import Exchange, run_module
from ansible_collections.arin.regrws.tests.unit.plugins.modules.test_arin_customer import customer_xml
from ansible_collections.arin.regrws.tests.unit.plugins.modules.test_fuzz import BASES
from ansible_collections.arin.regrws.tests.unit.plugins.module_utils.test_uncertain_writes import (
    API_KEY, BASE_URL, KEY, Engine, create_once, journal_of, lost,
)

OTHER_URL = 'https://reg.ote.example.test/rest'
OTHER_KEY = 'API-9999-8888-7777-6666'


def created(planned):
    return dict(planned, handle='C00000001')


def read_file(engine):
    with open(engine.params['create_journal']) as handle:
        return handle.read()


def reads(record):
    """A read that records the handles asked for and answers ``record`` (None: not found)."""
    asked = []

    def read(handle):
        asked.append(handle)
        if record is None:
            raise NotFound(404, code='E_OBJECT_NOT_FOUND')
        return dict(record, handle=handle)
    return read, asked


def old_journal(tmp_path, **entry):
    """A journal as the collection wrote it before scopes: the object of entries alone."""
    entry = dict(dict(check='the customer Example', started='2026-11-29T15:05:57Z'), **entry)
    with open(str(tmp_path / 'journal.json'), 'w') as handle:
        json.dump({KEY: entry}, handle)
    return read_file(Engine(tmp_path))


@pytest.mark.parametrize('other', [dict(base_url=OTHER_URL), dict(api_key=OTHER_KEY)], ids=['endpoint', 'key'])
def test_an_entry_is_found_only_by_its_registry_and_account(tmp_path, other):
    create_once(Engine(tmp_path), created)
    read, asked = reads({'name': 'Example'})
    assert Engine(tmp_path).created_earlier(KEY, read, bool) == {'name': 'Example', 'handle': 'C00000001'}
    # Another registry or account never reads the handle: it creates its own record.
    elsewhere = Engine(tmp_path, **other)
    assert elsewhere.created_earlier(KEY, read, bool) is None
    assert asked == ['C00000001']
    assert create_once(elsewhere, lambda planned: dict(planned, handle='C00000002')).after['handle'] == 'C00000002'
    assert journal_of(Engine(tmp_path)).get(KEY)['handle'] == 'C00000001'
    assert journal_of(elsewhere).get(KEY)['handle'] == 'C00000002'


def test_the_endpoint_is_the_resolved_base_url_with_scheme_and_host_in_lower_case(tmp_path):
    create_once(Engine(tmp_path), created)
    assert journal_of(Engine(tmp_path, base_url='HTTPS://Reg.Example.TEST/rest')).get(KEY)['handle'] == 'C00000001'
    assert journal_of(Engine(tmp_path, base_url=BASE_URL + '/v2')).get(KEY) is None
    scope, = json.loads(read_file(Engine(tmp_path)))['scopes'].values()
    assert scope['endpoint'] == BASE_URL


def test_a_create_left_unconfirmed_blocks_only_its_own_registry(tmp_path):
    with pytest.raises(UncertainWrite):
        create_once(Engine(tmp_path), lambda planned: lost('create customer under net/NET-1'))
    assert create_once(Engine(tmp_path, base_url=OTHER_URL), created).changed
    with pytest.raises(InputError) as refused:
        create_once(Engine(tmp_path), lambda planned: pytest.fail('created a second time'))
    assert 'could not tell whether ARIN acted' in refused.value.one_line()


def test_the_file_holds_a_salted_hash_of_the_key_never_the_key(tmp_path):
    create_once(Engine(tmp_path), created)
    text = read_file(Engine(tmp_path))
    assert API_KEY not in text and API_KEY.lower() not in text
    journal = json.loads(text)
    assert journal['format'] == 2 and re.match('^[0-9a-f]{32}$', journal['salt'])
    (name, scope), = journal['scopes'].items()
    assert re.match('^[0-9a-f]{16}$', scope['account'])
    assert name == '%s %s' % (scope['account'], BASE_URL)
    assert list(scope['entries']) == [KEY] and journal['unscoped'] == {}
    # Each file has a salt of its own: the same key hashes differently in another journal.
    other = tmp_path / 'other'
    other.mkdir()
    create_once(Engine(other), created)
    assert json.loads(read_file(Engine(other)))['salt'] != journal['salt']
    assert list(json.loads(read_file(Engine(other)))['scopes'].values())[0]['account'] != scope['account']


def test_an_old_pending_entry_blocks_the_create_and_says_why(tmp_path):
    before = old_journal(tmp_path)
    for engine in (Engine(tmp_path), Engine(tmp_path, check_mode=True), Engine(tmp_path, base_url=OTHER_URL)):
        with pytest.raises(InputError) as refused:
            create_once(engine, lambda planned: pytest.fail('created over an unconfirmed create'))
        text = refused.value.one_line()
        assert 'was recorded before the journal kept creates per registry' in text
        assert 'may have gone to %s or to another registry or account' % engine.transport.base_url in text
        assert 'the customer Example' in text and 'retry_unconfirmed_create=true' in text
        assert engine.params['create_journal'] in text and '"unscoped"' in text
    assert read_file(Engine(tmp_path)) == before  # refusing writes nothing

    # Once the user has checked, the retry drops the old entry and the journal is in format 2.
    assert create_once(Engine(tmp_path, retry=True), created).after['handle'] == 'C00000001'
    journal = json.loads(read_file(Engine(tmp_path)))
    assert journal['unscoped'] == {} and journal_of(Engine(tmp_path)).get(KEY)['handle'] == 'C00000001'


def test_an_old_journal_moves_to_unscoped_on_its_first_write(tmp_path):
    old_journal(tmp_path, handle='C00000007')
    other = '["customer", "NET-2", "Other"]'
    journal_of(Engine(tmp_path)).claim(other, check='the customer Other')
    journal = json.loads(read_file(Engine(tmp_path)))
    assert journal['format'] == 2
    assert journal['unscoped'] == {KEY: dict(check='the customer Example', started='2026-11-29T15:05:57Z',
                                             handle='C00000007')}
    assert list(list(journal['scopes'].values())[0]['entries']) == [other]


def test_an_old_handle_is_taken_into_the_registry_where_it_reads_back(tmp_path):
    old_journal(tmp_path, handle='C00000007')
    read, asked = reads({'name': 'Example'})
    check = Engine(tmp_path, check_mode=True)
    assert check.created_earlier(KEY, read, bool)['handle'] == 'C00000007'
    assert journal_of(check).get(KEY) is None  # check mode leaves the journal as it is

    engine = Engine(tmp_path)
    assert engine.created_earlier(KEY, read, bool)['handle'] == 'C00000007'
    assert asked == ['C00000007', 'C00000007'] and engine.warnings == []
    journal = json.loads(read_file(engine))
    assert journal['unscoped'] == {} and journal_of(engine).get(KEY)['handle'] == 'C00000007'
    # Taken by this registry: another one no longer sees it.
    assert Engine(tmp_path, base_url=OTHER_URL).created_earlier(KEY, read, bool) is None
    assert len(asked) == 2


@pytest.mark.parametrize('record', [None, {'name': 'Other'}], ids=['not-found', 'another-record'])
def test_an_old_handle_that_is_not_the_record_here_is_left_alone(tmp_path, record):
    before = old_journal(tmp_path, handle='C00000007')
    read, asked = reads(record)
    engine = Engine(tmp_path)
    assert engine.created_earlier(KEY, read, lambda found: found['name'] == 'Example') is None
    assert asked == ['C00000007']
    warning, = engine.warnings
    assert 'holds a handle, C00000007, for %s from before it kept creates per registry' % KEY in warning
    assert 'at %s it is not that record, so it was left alone' % BASE_URL in warning
    assert read_file(engine) == before
    # Nor does it block a create here: this registry's own entry is kept beside it.
    assert create_once(engine, lambda planned: dict(planned, handle='C00000002')).after['handle'] == 'C00000002'
    journal = json.loads(read_file(engine))
    assert journal['unscoped'][KEY]['handle'] == 'C00000007'
    assert journal_of(engine).get(KEY)['handle'] == 'C00000002'


# -- a journal of the wrong shape ----------------------------------------------------------

ENTRY = dict(check='the customer Example', started='2026-11-29T15:05:57Z')
SCOPE = '0123456789abcdef %s' % BASE_URL
GOOD = {'format': 2, 'salt': 'ab12', 'unscoped': {}, 'scopes': {SCOPE: dict(
    endpoint=BASE_URL, account='0123456789abcdef', entries={KEY: dict(ENTRY, handle='C00000001')})}}


BAD_HANDLE = 'entry %s field handle must be a non-empty string, not ' % KEY


def scoped(entries):
    return dict(GOOD, scopes={SCOPE: dict(GOOD['scopes'][SCOPE], entries=entries)})


MALFORMED = [
    ('list', [], 'the file must hold a JSON object, not an array'),
    ('string', 'journal', 'the file must hold a JSON object, not a string'),
    ('number', 3, 'the file must hold a JSON object, not a number'),
    ('null', None, 'the file must hold a JSON object, not null'),
    ('v1-string-entry', {KEY: 'pending'}, 'entry %s must be an object, not a string' % KEY),
    ('v1-number-entry', {KEY: 7}, 'entry %s must be an object, not a number' % KEY),
    ('v1-list-entry', {KEY: ['C00000001']}, 'entry %s must be an object, not an array' % KEY),
    ('v1-null-entry', {KEY: None}, 'entry %s must be an object, not null' % KEY),
    ('v1-number-handle', {KEY: dict(ENTRY, handle=12345)}, BAD_HANDLE + 'a number'),
    ('v1-empty-handle', {KEY: dict(ENTRY, handle=' ')}, BAD_HANDLE + 'a string'),
    ('v1-null-handle', {KEY: dict(ENTRY, handle=None)}, BAD_HANDLE + 'null'),
    ('v1-list-error', {KEY: dict(ENTRY, error=['lost'])}, 'entry %s field error must be a string, not an array' % KEY),
    ('v1-bool-started', {KEY: dict(ENTRY, started=True)}, 'entry %s field started must be a string, not a boolean' % KEY),
    ('v1-number-check', {KEY: dict(ENTRY, check=1.5)}, 'entry %s field check must be a string, not a number' % KEY),
    ('v1-unknown-field', {KEY: dict(ENTRY, Handle='C1')},
     'entry %s has a field this collection does not write: "Handle"' % KEY),
    ('newer-format', dict(GOOD, format=3), 'the file is in format 3; this collection reads format 2'),
    ('bool-format', dict(GOOD, format=True), 'the file is in format true; this collection reads format 2'),
    ('missing-field', dict((k, v) for k, v in GOOD.items() if k != 'unscoped'),
     'the file must hold exactly the fields format, salt, scopes, unscoped, not format, salt, scopes'),
    ('number-salt', dict(GOOD, salt=5), 'the salt must be a string of hexadecimal digits, not a number'),
    ('empty-salt', dict(GOOD, salt=''), 'the salt must be a string of hexadecimal digits, not a string'),
    ('list-scopes', dict(GOOD, scopes=[]), 'scopes must be an object, not an array'),
    ('string-scope', dict(GOOD, scopes={'x': 'y'}), 'scope x must be an object, not a string'),
    ('misnamed-scope', dict(GOOD, scopes={'x': GOOD['scopes'][SCOPE]}),
     'scope x must be named by its account and endpoint, strings both'),
    ('list-entries', scoped([]), 'scope %s must be an object of entries, not an array' % SCOPE),
    ('v2-null-entry', scoped({KEY: None}), 'entry %s must be an object, not null' % KEY),
    ('v2-number-handle', scoped({KEY: dict(ENTRY, handle=7)}), BAD_HANDLE + 'a number'),
    ('unscoped-string-entry', dict(GOOD, unscoped={KEY: 'x'}), 'entry %s must be an object, not a string' % KEY),
    ('unscoped-list', dict(GOOD, unscoped=[]), 'unscoped must be an object of entries, not an array'),
]


def test_a_well_formed_journal_reads(tmp_path):
    with open(str(tmp_path / 'journal.json'), 'w') as handle:
        json.dump(GOOD, handle)
    journal_of(Engine(tmp_path)).check()


@pytest.mark.parametrize('content, problem', [case[1:] for case in MALFORMED], ids=[case[0] for case in MALFORMED])
def test_a_journal_of_the_wrong_shape_is_refused_before_anything_is_sent(tmp_path, content, problem):
    path = str(tmp_path / 'journal.json')
    with open(path, 'w') as handle:
        json.dump(content, handle)
    before = read_file(Engine(tmp_path))
    message = ('create_journal %s is malformed: %s; nothing was sent and the file was left as it is: correct it, or '
               'move it aside after checking the creates it lists in ARIN Online' % (path, problem))
    for step in (lambda engine: journal_of(engine).check(),
                 lambda engine: engine.created_earlier(KEY, lambda handle: pytest.fail('read'), bool),
                 lambda engine: create_once(engine, lambda planned: pytest.fail('created')),
                 lambda engine: engine.forget_created(KEY)):
        with pytest.raises(InputError) as refused:
            step(Engine(tmp_path))
        assert refused.value.one_line() == message
        assert '\n' not in message
    assert read_file(Engine(tmp_path)) == before


def test_an_entry_key_is_shown_on_one_line(tmp_path):
    with open(str(tmp_path / 'journal.json'), 'w') as handle:
        json.dump({'a\nb': None}, handle)
    with pytest.raises(InputError) as refused:
        journal_of(Engine(tmp_path)).check()
    assert 'entry a\\nb must be an object, not null' in refused.value.one_line()


# -- the create_journal option ---------------------------------------------------------------

@pytest.mark.parametrize('name', ['arin_customer', 'arin_org', 'arin_poc', 'arin_ticket'])
@pytest.mark.parametrize('value', [False, True, 0, 1, 2.5, None, '', 'no', 'False', 'YES', ' off ', 'Null', 'none',
                                   '0', '1e3', ['j.json'], {'path': 'j.json'}],
                         ids=repr)
def test_a_create_journal_that_names_no_file_is_refused_before_any_request(monkeypatch, tmp_path, name, value):
    module = importlib.import_module('ansible_collections.arin.regrws.plugins.modules.' + name)
    result, failed, made = run_module(monkeypatch, module, dict(BASES[name], create_journal=value), [])
    assert failed and made == []
    assert result['msg'] == (
        'create_journal must be the path of a file, not %s: a boolean, a number or a word such as "no" names no '
        'file, and the journal cannot be turned off (it keeps a create or a ticket message from being sent '
        'twice); give a path, or leave the option out for the default' % json.dumps(value))
    assert os.listdir(str(tmp_path)) == []  # no file named False, or anything else


@pytest.mark.parametrize('given', ['~/journals/j.json', '$JOURNALS/j.json', '${JOURNALS}/j.json'])
def test_create_journal_expands_home_and_environment_variables(monkeypatch, tmp_path, given):
    monkeypatch.setenv('HOME', str(tmp_path))
    monkeypatch.setenv('JOURNALS', str(tmp_path / 'journals'))
    args = dict(BASES['arin_customer'], create_journal=given)
    result, failed, made = run_module(monkeypatch, arin_customer, args, [
        Exchange('POST', '/net/NET-192-0-2-0-1/customer', body=customer_xml())])
    assert not failed, result
    journal = json.loads((tmp_path / 'journals' / 'j.json').read_text())
    assert list(journal['scopes'].values())[0]['entries']
    assert sorted(os.listdir(str(tmp_path))) == ['journals']


def test_a_path_with_accented_letters_is_a_path(monkeypatch, tmp_path):
    args = dict(BASES['arin_customer'], create_journal=str(tmp_path / u'journal-\u00e9t\u00e9.json'))
    result, failed, made = run_module(monkeypatch, arin_customer, args, [
        Exchange('POST', '/net/NET-192-0-2-0-1/customer', body=customer_xml())])
    assert not failed, result
    assert (tmp_path / u'journal-\u00e9t\u00e9.json').exists()


def test_without_the_option_or_the_environment_the_journal_is_the_default_in_home(monkeypatch, tmp_path):
    monkeypatch.delenv('ARIN_CREATE_JOURNAL')
    result, failed, made = run_module(monkeypatch, arin_customer, dict(BASES['arin_customer']), [
        Exchange('POST', '/net/NET-192-0-2-0-1/customer', body=customer_xml())])
    assert not failed, result
    # HOME is the test's own (conftest.py): the user's journal is never touched.
    assert os.environ['HOME'] == str(tmp_path / 'home')
    assert (tmp_path / 'home' / '.ansible' / 'arin_regrws' / 'pending_creates.json').exists()
