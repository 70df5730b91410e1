# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type


class ModuleDocFragment(object):

    # Creates that ARIN cannot search for: the journal of creates whose outcome is unknown.
    DOCUMENTATION = r'''
options:
  create_journal:
    description:
      - A small JSON file, on the host that runs the module (the controller for tasks on V(localhost), as usual
        with this collection), that records each create of a record ARIN offers no search for, from just before
        the request is sent until ARIN's answer settles it.
      - An entry left without a handle is a create whose outcome is unknown (the answer was lost, the run was
        stopped, or another run is sending it right now). A run of the same task then fails, naming what to check
        in ARIN Online, instead of creating a second record; see O(retry_unconfirmed_create).
      - Runs that share this file also see each other's creates in progress, so two of them cannot both create
        the record. Point every run that manages the same records (for example all jobs of one AWX job template)
        to the same file on the same host.
      - Entries are kept per registry and account, so a create rehearsed on the simulator or OT&E is never taken
        for one made in production. The registry is the endpoint the module resolved (O(base_url) or
        O(environment), without a trailing slash, its scheme and host in lower case, so that
        V(http://localhost:8181/rest) and V(http://127.0.0.1:8181/rest) are two registries to the journal). The
        account is a salted hash of the API key; the key itself is never written.
      - A journal written before entries were kept per registry is carried over on its first write, its entries
        moved to C(unscoped). A create recorded there without a handle blocks the same create against any
        registry, as an unconfirmed create does, until you check and set O(retry_unconfirmed_create). A handle
        recorded there is read at this endpoint and taken into its entries only if the record matches; otherwise
        the module warns and leaves the entry alone.
      - A file that is not a journal of this collection (not a JSON object, an entry that is not an object, a
        handle that is not a string, ...) fails the task before any request, naming the file and the entry, and
        is left as it is.
      - Falls back to the E(ARIN_CREATE_JOURNAL) environment variable, then to the default. C(~) and environment
        variables in the path are expanded.
      - The journal cannot be turned off. A boolean, a number or a word that reads as one (V(false), V(no), V(0),
        V(null), ...) is refused before any request rather than taken as a file name.
    type: raw
    default: ~/.ansible/arin_regrws/pending_creates.json
  retry_unconfirmed_create:
    description:
      - Set to V(true) once you have checked in ARIN Online that a create the journal holds as unconfirmed did
        not happen, to send it again.
      - If the record does exist, give its handle instead (or, for a POC, link it to the org), and the module
        manages that record.
    type: bool
    default: false
'''

    # Modules that use only the journal's lock (a ticket message is found again by reading the ticket).
    LOCK = r'''
options:
  create_journal:
    description:
      - The journal file that modules creating records keep (see M(arin.regrws.arin_customer)); this module only
        takes a lock beside it, so runs on the same host add a message one at a time and each reads the ticket
        again right before sending. A run that waited for another finds that run's message and adds no copy.
      - Falls back to the E(ARIN_CREATE_JOURNAL) environment variable, then to the default. C(~) and environment
        variables in the path are expanded.
      - The journal cannot be turned off. A boolean, a number or a word that reads as one (V(false), V(no), V(0),
        V(null), ...) is refused before any request rather than taken as a file name.
    type: raw
    default: ~/.ansible/arin_regrws/pending_creates.json
'''
