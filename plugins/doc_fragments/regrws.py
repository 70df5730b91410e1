# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type


class ModuleDocFragment(object):

    # Connection options shared by every module of the collection.
    DOCUMENTATION = r'''
options:
  api_key:
    description:
      - The ARIN API key that acts for your ARIN Online web user.
      - V(API-) followed by 4 to 8 groups of 4 upper-case hexadecimal digits; surrounding whitespace is ignored.
      - When not set, the E(ARIN_API_KEY) environment variable is used, then the content of the file that
        E(ARIN_API_KEY_FILE) names (an AWX/AAP credential file injector or a mounted secret keeps the key out of the
        process environment that way). Keep it in Ansible Vault or an AWX/AAP credential, never in a playbook.
      - One of these is required; without any, the task fails and says where a key can come from.
      - The key is masked in every message, result, diff and log line the collection produces.
    type: str
  environment:
    description:
      - Which ARIN registry to talk to. V(production) is C(https://reg.arin.net/rest), V(ote) is ARIN's
        Operational Test and Evaluation environment C(https://reg.ote.arin.net/rest).
      - One of O(environment) and O(base_url) is required, so that nothing writes to production by default.
      - Connection options set in the task or in C(module_defaults) always win over environment variables, so
        O(environment) set in a task beats E(ARIN_BASE_URL). Only when neither O(environment) nor O(base_url) is
        set are E(ARIN_BASE_URL) and then E(ARIN_ENVIRONMENT) used. Empty variables count as unset.
    type: str
    choices: [production, ote]
  base_url:
    description:
      - Base URL of a Reg-RWS service, ending in C(/rest); overrides O(environment) when both are set in the task.
      - Use it for the local simulator (C(http://127.0.0.1:PORT/rest)) or a proxy. Plain C(http) is refused
        unless the host is C(localhost) or a literal loopback address (C(127.x.x.x) written as four decimal
        numbers, C([::1]), or C([::ffff:127.x.x.x])); shorthand forms such as C(127.1) are not taken as loopback.
      - A plain C(http) URL is always reached directly, never through a proxy named by E(HTTP_PROXY) or
        E(ALL_PROXY), which would see the key in clear. An C(https) URL uses E(HTTPS_PROXY) and E(NO_PROXY) as
        usual.
      - User information (C(user@host)), query strings, fragments, spaces, control characters and backslashes
        are refused.
      - When neither O(base_url) nor O(environment) is set, E(ARIN_BASE_URL) is used.
    type: str
  api_key_transport:
    description:
      - "How the key travels. V(header) sends C(Authorization: ApiKey ...), ARIN's recommended form since
        July 2026. V(query) sends C(?apikey=...), the original form that every ARIN environment accepts."
      - V(auto) sends the header first; if the service refuses that request for authentication (so it did not
        act on it), the request is sent once more with the key in the query string, and the query string is used
        for the rest of the task.
      - When not set, E(ARIN_API_KEY_TRANSPORT) is used, and V(auto) when that is unset too.
      - The key never appears in a message, the URLs shown included.
    type: str
    choices: [auto, header, query]
  timeout:
    description:
      - Seconds one request may take in all, from connecting to the last byte of the answer, however slowly
        the service sends it. Between 0.1 and 3600.
      - With retries, one request of a task takes at most (O(retries) + 1) x O(timeout) seconds plus the waits
        between attempts (0.5, 1, 2, 4, then 8 s each, or what C(Retry-After) asks up to 60 s each); with the
        defaults at most 4 x 30 + 3 x 60 = 300 seconds.
    type: float
    default: 30
  retries:
    description:
      - How many times a request is retried after a failure that is safe to retry. Between 0 and 10.
      - Reads are retried after connection errors and HTTP 429 (honouring C(Retry-After)), 502, 503 and 504.
        Writes are retried only on HTTP 429 and HTTP 503 C(E_OUTAGE), where ARIN did not act on them.
        A write whose answer is lost is never sent again; the module reads the record back instead. Any HTTP 5xx
        other than 503 C(E_OUTAGE), a proxy's error page or an answer cut short after a write counts as lost.
      - Each retry is reported as a warning.
    type: int
    default: 3
  validate_certs:
    description:
      - Whether to verify ARIN's TLS certificate. Only turn this off for a test server you control; the task
        then warns once.
    type: bool
    default: true
requirements:
  - requests
  - lxml
'''

    ATTRIBUTES = r'''
attributes:
  check_mode:
    description: Can run in check mode and report what would change, without changing anything at ARIN.
  diff_mode:
    description: Returns the record before and after the change (or the planned change in check mode).
  idempotent:
    description:
      - Run twice in a row outside check mode with the same arguments, the second run reports no change and sends no
        write to ARIN.
      - This assumes that nobody changed the records concerned at ARIN between the two runs.
    support: full
  action_group:
    description: Use C(group/arin.regrws.regrws) in C(module_defaults) to set the connection options once.
    support: full
    membership:
      - arin.regrws.regrws
'''

    # _info modules that read records by handle.
    HANDLES = r'''
options:
  handles:
    description:
      - Handles of the records to read.
    type: list
    elements: str
    required: true
    aliases: [handle]
  missing:
    description:
      - What to do with a handle ARIN does not know. V(fail) fails the task; V(skip) leaves the record out of the
        result and lists the handle in RV(missing).
    type: str
    choices: [fail, skip]
    default: fail
'''

    INFO_MODULE = r'''
attributes:
  check_mode:
    support: full
    details:
      - This module only reads from ARIN, in check mode too.
  diff_mode:
    support: N/A
    details:
      - This module only reads from ARIN.
  idempotent:
    support: full
    details:
      - This module only reads from ARIN.
'''
