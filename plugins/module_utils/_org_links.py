# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils is private to the arin.regrws collection: it may change without notice.

"""One POC link of an org (org, POC, function), made present or absent.

arin_org_poc manages one link; arin_poc links the POC it creates or finds (org_function).
Both read the org first and write only when the link is not as asked.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible_collections.arin.regrws.plugins.module_utils._module import Outcome
from ansible_collections.arin.regrws.plugins.module_utils._views import ORG_POC_LINKS


def _same(link, poc_handle, function):
    return link['function'] == function and (link['handle'] or '').upper() == (poc_handle or '').upper()


def has_link(org, poc_handle, function):
    return bool(poc_handle) and any(_same(link, poc_handle, function) for link in ORG_POC_LINKS.read(org)['poc_links'])


def functions_of(org, poc_handle):
    """The functions ``poc_handle`` holds at the org, sorted (None: the POC check mode has not created)."""
    return sorted(set(link['function'] for link in ORG_POC_LINKS.read(org).get('poc_links') or []
                      if (link['handle'] or '').upper() == (poc_handle or '').upper()))


def set_link(module, org_handle, org, poc_handle, function, present=True):
    """Make the link present or absent; ``org`` is the org as just read.

    Returns an Outcome of ORG_POC_LINKS (the org before and after; in check mode, as it would
    be). ``poc_handle`` None stands for a POC that check mode has not created.
    """
    if has_link(org, poc_handle, function) == present:
        return Outcome(False, org, org)
    links = ORG_POC_LINKS.read(org)['poc_links']
    if present:
        # One Admin per org: a new Admin link replaces the current one.
        kept = [link for link in links if function != 'AD' or link['function'] != 'AD']
        links = kept + [{'function': function, 'handle': poc_handle.upper() if poc_handle else None}]
    else:
        links = [link for link in links if not _same(link, poc_handle, function)]
    planned = ORG_POC_LINKS.apply(org, {'poc_links': links})
    if module.check_mode:
        return Outcome(True, org, planned)

    def confirm():
        record = module.api.get_org(org_handle)
        return record if has_link(record, poc_handle, function) == present else None

    if present and function == 'AD':
        # ARIN rejects Add POC to Org for the Admin: send the whole org back with the new link set.
        after = module.write(lambda: module.api.modify_org(org_handle, planned), confirm)
    elif present:
        after = module.write(lambda: module.api.add_org_poc(org_handle, poc_handle, function), confirm)
    else:
        after = module.write(lambda: module.api.remove_org_poc(org_handle, poc_handle, function), confirm)
    return Outcome(True, org, after)
