# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Connection options: what the task says beats the environment; what every module checks and returns."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from ansible.module_utils import basic

from ansible_collections.arin.regrws.plugins.module_utils._argspec import connection_settings
from ansible_collections.arin.regrws.plugins.module_utils._errors import InputError
from ansible_collections.arin.regrws.plugins.modules import arin_poc_email, arin_poc_info
from ansible_collections.arin.regrws.tests.unit.plugins.modules.exchanges import (
    API_KEY, BASE_URL, Exchange, run_module, xml,
)

OTHER_KEY = 'API-AAAA-BBBB-CCCC-DDDD'
NOC = xml('poc', '<handle>NOC1-ARIN</handle><emails><email>noc@example.net</email></emails>')


def settings(params=None, **environ):
    full = dict(api_key=None, environment=None, base_url=None, api_key_transport=None)
    full.update(params or {})
    return connection_settings(full, environ)


# -- precedence ---------------------------------------------------------------------------

def test_an_option_in_the_task_beats_every_variable():
    got = settings(dict(environment='production'), ARIN_BASE_URL='http://127.0.0.1:8181/rest',
                   ARIN_ENVIRONMENT='ote', ARIN_API_KEY=API_KEY)
    assert got['environment'] == 'production' and got['base_url'] is None
    got = settings(dict(base_url='https://proxy.example.test/rest'), ARIN_ENVIRONMENT='ote', ARIN_API_KEY=API_KEY)
    assert got['base_url'] == 'https://proxy.example.test/rest' and got['environment'] is None


def test_among_options_base_url_beats_environment():
    got = settings(dict(environment='production', base_url='http://127.0.0.1:1/rest', api_key=API_KEY))
    assert got['base_url'] == 'http://127.0.0.1:1/rest' and got['environment'] == 'production'


def test_among_variables_base_url_beats_environment():
    got = settings(ARIN_BASE_URL='http://127.0.0.1:1/rest', ARIN_ENVIRONMENT='ote', ARIN_API_KEY=API_KEY)
    assert got['base_url'] == 'http://127.0.0.1:1/rest' and got['environment'] == 'ote'
    got = settings(ARIN_ENVIRONMENT='ote', ARIN_API_KEY=API_KEY)
    assert got['environment'] == 'ote' and got['base_url'] is None


def test_the_key_and_transport_in_the_task_beat_the_variables():
    got = settings(dict(api_key=API_KEY, api_key_transport='query'), ARIN_API_KEY=OTHER_KEY,
                   ARIN_API_KEY_TRANSPORT='header', ARIN_ENVIRONMENT='ote')
    assert got['api_key'] == API_KEY and got['api_key_transport'] == 'query'


def test_transport_defaults_to_auto_and_reads_its_variable():
    assert settings(dict(api_key=API_KEY, environment='ote'))['api_key_transport'] == 'auto'
    got = settings(dict(api_key=API_KEY, environment='ote'), ARIN_API_KEY_TRANSPORT='query')
    assert got['api_key_transport'] == 'query'


def test_empty_values_count_as_unset():
    got = settings(dict(api_key='', base_url=''), ARIN_API_KEY=API_KEY, ARIN_BASE_URL='',
                   ARIN_ENVIRONMENT='ote', ARIN_API_KEY_TRANSPORT='')
    assert got == dict(api_key=API_KEY, environment='ote', base_url=None, api_key_transport='auto')


@pytest.mark.parametrize('variable, value', [('ARIN_ENVIRONMENT', 'staging'), ('ARIN_API_KEY_TRANSPORT', 'cookie')])
def test_a_bad_variable_is_named(variable, value):
    environ = dict(ARIN_API_KEY=API_KEY, ARIN_BASE_URL='http://127.0.0.1:1/rest')
    environ[variable] = value
    with pytest.raises(InputError) as caught:
        settings(**environ)
    assert variable in caught.value.one_line()


# -- the key file ---------------------------------------------------------------------------

def test_the_key_variable_beats_the_key_file(tmp_path):
    keyfile = tmp_path / 'key'
    keyfile.write_text(u'%s\n' % OTHER_KEY)
    assert settings(ARIN_API_KEY=API_KEY, ARIN_API_KEY_FILE=str(keyfile))['api_key'] == API_KEY
    assert settings(ARIN_API_KEY='', ARIN_API_KEY_FILE=str(keyfile))['api_key'] == OTHER_KEY
    assert settings(dict(api_key=API_KEY), ARIN_API_KEY_FILE=str(tmp_path / 'missing'))['api_key'] == API_KEY


def test_an_unreadable_key_file_is_named(tmp_path):
    with pytest.raises(InputError) as caught:
        settings(ARIN_API_KEY_FILE=str(tmp_path / 'missing'))
    assert 'ARIN_API_KEY_FILE names %s, which cannot be read' % (tmp_path / 'missing') in caught.value.one_line()


# -- through a module -------------------------------------------------------------------------

def clean_environment(monkeypatch, **environ):
    for name in ('ARIN_API_KEY', 'ARIN_API_KEY_FILE', 'ARIN_BASE_URL', 'ARIN_ENVIRONMENT', 'ARIN_API_KEY_TRANSPORT'):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)


def test_base_url_in_the_task_beats_the_variable_and_every_result_names_the_endpoint(monkeypatch):
    clean_environment(monkeypatch, ARIN_BASE_URL='http://127.0.0.1:9/rest', ARIN_ENVIRONMENT='production')
    result, failed, made = run_module(monkeypatch, arin_poc_info, dict(handles=['NOC1-ARIN']), [
        Exchange('GET', '/poc/NOC1-ARIN', body=NOC)])
    assert not failed and result['endpoint'] == BASE_URL
    assert API_KEY not in result['endpoint']


def test_a_failed_result_names_the_endpoint_too(monkeypatch):
    clean_environment(monkeypatch)
    result, failed, made = run_module(monkeypatch, arin_poc_info, dict(handles=['NOC1-ARIN']), [
        Exchange('GET', '/poc/NOC1-ARIN', status=404, body=xml('error', '<code>E_OBJECT_NOT_FOUND</code>'))])
    assert failed and result['endpoint'] == BASE_URL


def test_a_missing_key_says_how_to_supply_one(monkeypatch):
    clean_environment(monkeypatch)
    result, failed, made = run_module(monkeypatch, arin_poc_info, dict(handles=['NOC1-ARIN'], api_key=None), [])
    assert failed and not made
    for words in ('api_key', 'ARIN_API_KEY', 'ARIN_API_KEY_FILE', 'AWX/AAP'):
        assert words in result['msg']
    assert 'missing required arguments' not in result['msg']


def test_a_key_from_the_environment_is_used_and_never_shown(monkeypatch):
    clean_environment(monkeypatch, ARIN_API_KEY=' %s\n' % API_KEY)
    result, failed, made = run_module(monkeypatch, arin_poc_info, dict(handles=['NOC1-ARIN'], api_key=None), [
        Exchange('GET', '/poc/NOC1-ARIN', body=NOC)])
    assert not failed and made[0][3]['Authorization'] == 'ApiKey ' + API_KEY


def test_no_target_at_all_is_refused_before_any_request(monkeypatch):
    clean_environment(monkeypatch)
    result, failed, made = run_module(monkeypatch, arin_poc_info, dict(handles=['NOC1-ARIN'], base_url=None), [])
    assert failed and not made and 'never defaults to a registry of record' in result['msg']


@pytest.mark.parametrize('check_mode', [False, True])
def test_validate_certs_false_warns_once_per_task(monkeypatch, check_mode):
    clean_environment(monkeypatch)
    warnings = []
    monkeypatch.setattr(basic.AnsibleModule, 'warn', lambda self, message: warnings.append(message))
    result, failed, made = run_module(
        monkeypatch, arin_poc_email, dict(handle='NOC1-ARIN', email='peering@example.net', validate_certs=False), [
            Exchange('GET', '/poc/NOC1-ARIN', body=NOC),
        ] + ([] if check_mode else [Exchange('POST', '/poc/NOC1-ARIN/email/peering@example.net', body=NOC)]),
        check_mode=check_mode)
    assert not failed
    assert len(warnings) == 1 and 'validate_certs is false' in warnings[0] and 'not verified' in warnings[0]
    assert len(made) == (1 if check_mode else 2)


def test_auto_transport_through_a_module_moves_to_the_query_once(monkeypatch):
    clean_environment(monkeypatch)
    refusal = xml('error', '<code>E_AUTHENTICATION</code><message>An API key is required.</message>')
    result, failed, made = run_module(monkeypatch, arin_poc_info, dict(handles=['NOC1-ARIN', 'NOC2-ARIN']), [
        Exchange('GET', '/poc/NOC1-ARIN', status=400, body=refusal),
        Exchange('GET', '/poc/NOC1-ARIN', body=NOC),
        Exchange('GET', '/poc/NOC2-ARIN', body=NOC.replace(b'NOC1', b'NOC2')),
    ])
    assert not failed, result
    assert 'Authorization' in made[0][3] and '?apikey=' not in made[0][1]
    assert [m[1].endswith('?apikey=' + API_KEY) for m in made[1:]] == [True, True]
