# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Property-based fuzzing of every module's argument spec.

Inputs are generated from each module's own argument spec (odd text and control
characters, odd unicode, huge and negative numbers, wrong types) and each module's
main() runs in-process against a transport that records requests. Every input must end
in a clean failure before any request, or in requests that are valid (a URL on the base
URL, an XML body that parses): never a traceback or an unexpected exception. Reads are
answered "not found", so modules go on to build their writes; the first write stops the run.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import importlib
import json
import os
import re

try:
    from unittest import mock
except ImportError:  # pragma: no cover - Python 2 only
    import mock

import pytest
import requests
from hypothesis import HealthCheck, given, settings, strategies as st
from lxml import etree
from urllib3.util import parse_url

from ansible.module_utils import basic

from ansible_collections.arin.regrws.plugins.module_utils import _module
from ansible_collections.arin.regrws.tests.unit.plugins.modules.exchanges import (
    API_KEY, BASE_URL, AnsibleExit, Clock, FakeResponse, _module_args, xml,
)
from ansible_collections.arin.regrws.tests.unit.plugins.modules.test_arin_customer import customer_xml
from ansible_collections.arin.regrws.tests.unit.plugins.modules.test_arin_delegation import delegation
from ansible_collections.arin.regrws.tests.unit.plugins.modules.test_arin_net import net_xml
from ansible_collections.arin.regrws.tests.unit.plugins.modules.test_arin_org import org_xml
from ansible_collections.arin.regrws.tests.unit.plugins.modules.test_arin_poc import poc_xml
from ansible_collections.arin.regrws.tests.unit.plugins.modules.test_arin_aspa import SEEDED as ASPA, listing as aspas
from ansible_collections.arin.regrws.tests.unit.plugins.modules.test_arin_roas import CUST, listing, spec
from ansible_collections.arin.regrws.tests.unit.plugins.modules.test_arin_ticket import ticket_xml

# Every module of the collection: a new one without a base task below fails test_every_module_is_fuzzed.
MODULE_DIR = os.path.join(os.path.dirname(_module.__file__), '..', 'modules')
MODULES = [importlib.import_module('ansible_collections.arin.regrws.plugins.modules.' + name[:-3])
           for name in sorted(os.listdir(MODULE_DIR)) if name.startswith('arin_') and name.endswith('.py')]
CASES_PER_MODULE = 60
FIXED = dict(api_key=API_KEY, base_url=BASE_URL)
NOT_FOUND = xml('error', '<code>E_OBJECT_NOT_FOUND</code><message>Not found.</message>')

# A task that works, per module: the fuzzing spoils one option of it at a time.
BASES = {
    'arin_customer': dict(parent_net_handle='NET-192-0-2-0-1', customer_name='Example Bakery',
                          street_address=['12 Sample Road'], city='Anytown', region='VA', postal_code='22000',
                          country='US'),
    'arin_customer_info': dict(handles=['C00000001']),
    'arin_delegation': dict(name='2.0.192.in-addr.arpa.', nameservers=['ns1.example.net', 'ns2.example.net'],
                            ds_records=[dict(key_tag=12345, algorithm=13, digest_type=2, digest='AB' * 32)]),
    'arin_delegation_info': dict(prefix='192.0.2.0/24'),
    'arin_net': dict(handle='NET-192-0-2-64-1', net_name='NEW-NAME',
                     poc_links=[dict(function='N', handle='NOC1-ARIN')]),
    'arin_net_info': dict(handles=['NET-192-0-2-64-1']),
    'arin_net_reassign': dict(prefix='192.0.2.64/26', net_name='WIDGETS-CUST-1', poc_links=[
        dict(function='AB', handle='ABUSE1-ARIN')], customer=dict(
        name='Example Widgets Inc', street_address=['42 Sample Street'], city='Anytown', region='VA',
        postal_code='22000', country='US')),
    'arin_net_reassignments': dict(parents=['192.0.2.0/24'], reassignments=[
        dict(prefix='192.0.2.64/26', net_name='WIDGETS-CUST-1', org_handle='WIDGETS-1'),
        dict(prefix='192.0.2.128/26', net_name='BAKERY-CUST-1', customer=dict(
            name='Example Bakery', street_address=['12 Sample Road'], city='Anytown', region='VA',
            postal_code='22000', country='US'))]),
    'arin_org': dict(handle='EXNET-1', org_name='Example Networks LLC', street_address=['100 Example Way'],
                     city='Anytown', region='VA', postal_code='22000', country='US', comments=['Peering desk']),
    'arin_org_info': dict(handles=['EXNET-1']),
    'arin_org_poc': dict(org_handle='EXNET-1', poc_handle='NOC1-ARIN', function='T'),
    'arin_poc': dict(org_handle='EXNET-1', contact_type='ROLE', last_name='Example Networks NOC',
                     company_name='Example Networks LLC', street_address=['100 Example Way'], city='Anytown',
                     region='VA', postal_code='22000', country='US', emails=['NOC@example.net'],
                     phones=[dict(type='O', number='+1-555-555-0100')], comments=['24x7 desk']),
    'arin_poc_email': dict(handle='NOC1-ARIN', email='peering@example.net'),
    'arin_poc_info': dict(handles=['NOC1-ARIN']),
    'arin_poc_phone': dict(handle='NOC1-ARIN', type='M', number='+1-555-555-0142', extension='7'),
    'arin_ticket': dict(ticket_no='20240115-X17', subject='Our follow-up', text=['Thanks.']),
    'arin_ticket_info': dict(ticket_no='20240115-X17'),
    'arin_roa': dict(org_handle='EXNET-1', origin_as='AS64500', prefix='192.0.2.0/24', max_length=25, name='CUST'),
    'arin_roas': dict(org_handle='EXNET-1', owned_prefixes=['192.0.2.0/24'], prune=True, prune_limit=1, roas=[
        dict(origin_as=64500, prefix='192.0.2.0/25', max_length=26), dict(origin_as='AS0', prefix='192.0.2.128/25')]),
    'arin_roa_info': dict(org_handle='EXNET-1', prefix='192.0.2.0/24', origin_as=64500),
    'arin_aspa': dict(org_handle='EXNET-1', customer_as='AS64501', providers=[174, 'AS6939']),
    'arin_aspa_info': dict(org_handle='EXNET-1', customer_as=64501),
}


def roa_listing():
    return listing(CUST, spec(64499, 'STRAY', 'stray', ('192.000.002.128/25',)))


# Records the fake service answers reads with (or "not found", when the case says so).
READS = [
    (r'/poc/[^/;]+$', poc_xml()),
    (r'/org/[^/;]+$', org_xml()),
    (r'/customer/[^/;]+$', customer_xml()),
    (r'/net/[^/;]+$', net_xml()),
    (r'/ticket/[0-9]{8}-X[0-9]+$', ticket_xml()),
    (r'/delegation/[^/;]+$', delegation('NS9.EXAMPLE.NET')),
    (r'/roa/[^/;]+$', roa_listing()),
    (r'/aspa/[^/;]+$', aspas(ASPA)),
]
# A value that ARIN would take, by option name, so runs get past the module's own checks
# and build their writes; the fuzzing then spoils one option at a time.
GOOD = dict(
    handle='NOC1-ARIN', handles=['NOC1-ARIN'], org_handle='EXNET-1', poc_handle='NOC1-ARIN', parent_net_handle='NET-1',
    prefix='192.0.2.64/26', start_address='192.0.2.64', end_address='192.0.2.127', net_name='EXAMPLE-NET',
    customer_name='Example Customer', name='Example Customer', org_name='Example Networks', dba_name='Example',
    company_name='Example Networks LLC', first_name='Alex', middle_name='Q', last_name='Example',
    street_address=['100 Example Way'], city='Anytown', region='VA', postal_code='22000', country='US',
    comments=['24x7 desk'], emails=['noc@example.net'], email='noc@example.net', number='+1-555-555-0100',
    extension='12', phones=[dict(type='O', number='+1-555-555-0100')], org_url='https://example.net/',
    poc_links=[dict(function='T', handle='NOC1-ARIN')], ticket_no='20240115-X17', subject='Follow-up',
    text=['Thanks.'], note='Test', tax_id='12-3456789', ticket_type='ORG_CREATE', attachment_id='1',
    attachment_filename='a.txt', message_id=1, timeout=30.0, retries=0, wait_timeout=0, wait_interval=1,
)
PLAUSIBLE = st.sampled_from([
    'NOC1-ARIN', 'EXNET-1', 'C00000001', 'NET-192-0-2-0-1', '192.0.2.0/24', '2001:db8::/32', '192.0.2.64/26',
    'noc@example.net', '+1-555-555-0100', 'US', 'CA', 'VA', '22000', 'Example Networks', '20240115-X17',
    'present', 'absent', 'O', 'AD', 'T', 'A', 'S', '', ' ', 'true',
])
# Lone surrogates cannot reach a module (its arguments arrive as UTF-8 JSON, and ansible-core's own
# logging of them fails first); the engine's check refuses them all the same (test_inputs.py).
ANY_CHARACTER = st.characters(min_codepoint=0, max_codepoint=0x10ffff, exclude_categories=('Cs',))
NASTY = st.sampled_from([u'\x00', u'\x07', u'\x1b', u'\x0b', u'\x0c', u'\x7f', u'\x85', u'\ufffe', u'\uffff',
                         u'\u00e9', u'\u202e', u'\U0001F600', u'\n', u'\r', u'\t', u'<', u'&', u']]>', u'%00', u'/', u'..', u';', u'?', u'#', u'\\'])
TEXT = st.one_of(
    st.text(ANY_CHARACTER, max_size=12),
    st.tuples(PLAUSIBLE, NASTY, PLAUSIBLE).map(u''.join),
)
WRONG = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-10 ** 30, max_value=10 ** 30),
    st.floats(allow_nan=True, allow_infinity=True), st.lists(st.integers(), max_size=2),
    st.dictionaries(PLAUSIBLE, st.integers(), max_size=1),
)


def scalar(kind, choices=None):
    """Odd values for an option of this type."""
    if choices:
        return st.one_of(st.sampled_from(list(choices)), TEXT, WRONG)
    if kind == 'bool':
        return st.one_of(st.booleans(), st.sampled_from(['yes', 'no', 'maybe', u'\x00']), WRONG)
    if kind == 'int':
        return st.one_of(st.integers(min_value=-5, max_value=700), st.integers(min_value=-2 ** 70, max_value=2 ** 70),
                         TEXT, WRONG)
    if kind == 'float':
        return st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(min_value=-5, max_value=100),
                         TEXT, WRONG)
    return st.one_of(PLAUSIBLE, TEXT, WRONG)


def odd(spec):
    """An odd value for one option: a spoiled good value, or anything its type allows and more."""
    kind = spec.get('type', 'str')
    if spec.get('options'):
        inner = options(spec['options'])
        return st.one_of(st.lists(inner, max_size=3) if kind == 'list' else inner, WRONG)
    if kind == 'list':
        element = scalar(spec.get('elements', 'str'), spec.get('choices'))
        return st.one_of(st.lists(element, min_size=1, max_size=3), TEXT, WRONG)
    if kind == 'dict':
        return st.one_of(st.dictionaries(PLAUSIBLE, TEXT, max_size=2), WRONG)
    return scalar(kind, spec.get('choices'))


def good(name, spec):
    if name in GOOD:
        return st.just(GOOD[name])
    if spec.get('choices'):
        return st.sampled_from(list(spec['choices']))
    if spec.get('type') == 'bool':
        return st.booleans()
    if spec.get('options'):
        return options(spec['options'], spoil=0)
    return st.just(u'Example')


def options(spec, spoil=1):
    """Options that ARIN would mostly take (required ones always there), with ``spoil`` of them made odd."""
    names = sorted(name for name in spec if name not in FIXED and name != 'environment')
    required = dict((name, good(name, spec[name])) for name in names if spec[name].get('required'))
    optional = dict((name, good(name, spec[name])) for name in names if not spec[name].get('required'))
    base = st.fixed_dictionaries(required, optional=optional)
    if not spoil or not names:
        return base

    @st.composite
    def spoiled(draw):
        args = draw(base)
        name = draw(st.sampled_from(names))
        args[name] = draw(odd(spec[name]))
        return args

    return spoiled()


class Capture(Exception):
    pass


def argument_spec(module):
    def capture(**kwargs):
        raise Capture(kwargs['argument_spec'])

    with mock.patch.object(_module, 'AnsibleModule', capture):
        try:
            module.main()
        except Capture as caught:
            return caught.args[0]
    raise AssertionError('%s did not build an AnsibleModule' % module.__name__)


class Sent(BaseException):
    """The first write was sent (and found valid): the run stops there."""


def not_xml(text):
    return [ch for ch in text if (ord(ch) < 0x20 and ch not in '\t\n\r') or 0xd800 <= ord(ch) < 0xe000
            or ord(ch) in (0xfffe, 0xffff)]


def strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from strings(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(key)
            yield from strings(item)


TALLY = dict(cases=0, early_failures=0, requests=0, writes=0, tracebacks=0)


def run(module, args, check_mode, exists):
    """Run main(); return (result or None, failed, whether AnsibleModule had parsed, requests made)."""
    made, state = [], dict(parsed=False)

    def send(adapter, request, **kwargs):
        method, url, data = request.method, request.url, request.body
        made.append((method, url, data))
        assert url.startswith(BASE_URL + '/'), url
        assert all(0x21 <= ord(ch) < 0x7f for ch in url), 'URL with a character that is not printable ASCII: %r' % url
        assert parse_url(url).host == 'reg.example.test'
        if data is not None:
            etree.fromstring(data if isinstance(data, bytes) else data.encode('utf-8'))
        if method == 'GET':
            path = url[len(BASE_URL):].split('?')[0]
            for pattern, record in READS:
                if exists and re.match(pattern, path):
                    return FakeResponse(200, record, {'Content-Type': 'application/xml'})
            return FakeResponse(404, NOT_FOUND, {'Content-Type': 'application/xml'})
        raise Sent()

    class Parsing(basic.AnsibleModule):
        def __init__(self, *a, **kw):
            super(Parsing, self).__init__(*a, **kw)
            state['parsed'] = True

    def finish(failed):
        def exit(self, **result):
            raise AnsibleExit(result, failed)
        return exit

    clock = Clock()
    full = dict(args, _ansible_check_mode=check_mode, _ansible_diff=False)
    full.update(FIXED)
    full.setdefault('retries', 0)
    with mock.patch.object(requests.adapters.HTTPAdapter, 'send', send), \
            mock.patch.object(_module, 'AnsibleModule', Parsing), \
            mock.patch.object(basic.AnsibleModule, 'exit_json', finish(False)), \
            mock.patch.object(basic.AnsibleModule, 'fail_json', finish(True)), \
            mock.patch('time.sleep', clock.sleep), mock.patch('time.time', clock.time), \
            mock.patch.object(basic.AnsibleModule, 'warn', lambda self, message: None), \
            mock.patch.object(basic.AnsibleModule, 'deprecate', lambda self, *a, **kw: None), \
            _module_args(full):
        try:
            module.main()
        except AnsibleExit as done:
            return done.result, done.failed, state['parsed'], made
        except Sent:
            return None, False, state['parsed'], made
    raise AssertionError('main() returned without exit_json or fail_json')


@pytest.mark.parametrize('module', MODULES, ids=lambda module: module.__name__.rsplit('.', 1)[-1])
def test_every_input_fails_cleanly_or_makes_valid_requests(module):
    spec = argument_spec(module)

    base = BASES[module.__name__.rsplit('.', 1)[-1]]
    names = sorted(name for name in spec if name not in FIXED and name != 'environment')

    @st.composite
    def spoiled(draw):
        args = dict(base)
        name = draw(st.sampled_from(names))
        args[name] = draw(odd(spec[name]))
        return args

    @settings(max_examples=CASES_PER_MODULE, derandomize=True, database=None, deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(args=spoiled(), check_mode=st.booleans(), exists=st.booleans())
    def case(args, check_mode, exists):
        TALLY['cases'] += 1
        try:
            result, failed, parsed, made = run(module, args, check_mode, exists)
        except AssertionError:
            raise
        except Exception:
            TALLY['tracebacks'] += 1
            raise
        TALLY['requests'] += len(made)
        TALLY['writes'] += len([m for m in made if m[0] != 'GET'])
        if result is not None:
            assert API_KEY not in json.dumps(result, default=str)
            assert 'exception' not in result, result
        if failed:
            message = result['msg']
            assert 'Traceback' not in message
            if parsed:
                # Ansible's own argument errors may quote a value as given; ours are one line.
                assert '\n' not in message, message
            if not made:
                TALLY['early_failures'] += 1
        bad = [text for name, value in args.items() for text in strings(value) if not_xml(text)]
        if bad:
            assert failed and not made, 'input %r was not refused before the first request' % (bad,)

    case()


def test_every_module_is_fuzzed():
    names = [module.__name__.rsplit('.', 1)[-1] for module in MODULES]
    assert 'arin_poc' in names
    assert sorted(set(names) - set(BASES)) == [], 'modules without a base task in BASES'


def test_the_fuzzing_ran_and_found_no_traceback():
    """Runs after the module cases (file order): the counts go into the test log."""
    modules_run = TALLY['cases'] >= len(MODULES) * CASES_PER_MODULE // 2
    print('fuzz: %(cases)d cases, %(early_failures)d refused before any request, %(requests)d requests '
          '(%(writes)d writes), %(tracebacks)d tracebacks' % TALLY)
    assert TALLY['tracebacks'] == 0
    if TALLY['cases']:
        assert modules_run
