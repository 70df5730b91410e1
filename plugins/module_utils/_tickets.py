# -*- coding: utf-8 -*-
# Copyright (c) arin.regrws contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils is private to the arin.regrws collection: it may change without notice.

"""Ticket logic shared by arin_ticket and arin_ticket_info.

Reading every message of a ticket (falling back to message references when ARIN refuses
the inline form with 413), finding a message by its subject and text, waiting for a
status, and moving attachment files between the controller and ARIN.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import base64
import calendar
import hashlib
import os
import re
import tempfile
import time

from ansible_collections.arin.regrws.plugins.module_utils._errors import ApiError, InputError, WaitTimeout
from ansible_collections.arin.regrws.plugins.module_utils._normalize import trim_lines
from ansible_collections.arin.regrws.plugins.module_utils._payloads import Document, parse_date


def read_messages(api, ticket_no, attachment_ids=False):
    """The ticket (a Document whose ``messages`` hold every message in full) in as few reads as possible.

    T1 with inline messages is one read. When ARIN answers 413 (inline attachments too big), the
    ticket is read with message references and each message with T8. Inline attachments carry no
    ID; with ``attachment_ids`` the references are read too (one more read, only when a message has
    an attachment), so that every attachment can be downloaded by ID.
    """
    try:
        ticket = api.get_ticket(ticket_no, msg_refs=False)
    except ApiError as error:
        if error.status != 413:
            raise
        ticket = api.get_ticket(ticket_no, msg_refs=True)
        messages = [api.get_message(ticket_no, ref['message_id']) for ref in ticket.get('message_references') or []]
    else:
        messages = list(ticket.get('messages') or [])
        if attachment_ids and any(message.get('attachments') for message in messages):
            refs = api.get_ticket(ticket_no, msg_refs=True)
            by_id = dict((ref['message_id'], ref.get('attachment_references')) for ref in
                         refs.get('message_references') or [])
            for message in messages:
                if by_id.get(message.get('message_id')):
                    message['attachment_references'] = by_id[message['message_id']]
    data = dict(ticket)
    data['messages'] = in_order(messages)
    return Document('ticket', data, source=ticket.source)


_ISO_DATE = re.compile(r'^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(\.\d+)?(Z|[+-]\d\d:?\d\d)?$')


def instant(text):
    """Seconds since the epoch of a date as ARIN writes it (ISO-8601 or Java style), or None."""
    match = _ISO_DATE.match(parse_date(text) or '')
    if not match:
        return None
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    value = calendar.timegm((int(year), int(month), int(day), int(hour), int(minute), int(second), 0, 0, 0))
    if zone and zone != 'Z':
        sign = -1 if zone[0] == '-' else 1
        digits = zone[1:].replace(':', '')
        value -= sign * (int(digits[:2]) * 3600 + int(digits[2:]) * 60)
    return value + (float(fraction) if fraction else 0)


def in_order(messages):
    """Messages oldest first: by creation date, then by ID. ARIN lists them newest first and
    numbers them with gaps, so neither the position in its answer nor the ID alone is an order."""
    def key(message):
        when = instant(message.get('created_date'))
        number = message.get('message_id')
        return (when is None, when or 0, number if isinstance(number, int) else 0)
    return sorted(messages, key=key)


def message_key(subject, text):
    """What identifies a message on a ticket: its subject and its text lines (trailing blanks ignored)."""
    return ((subject or '').strip(), tuple(trim_lines(text)))


def find_message(messages, subject, text):
    """The first message with this subject and text, or None."""
    key = message_key(subject, text)
    for message in messages or []:
        if message_key(message.get('subject'), message.get('text')) == key:
            return message
    return None


def wait_for_status(api, ticket_no, statuses, timeout, interval, ticket=None):
    """Poll the ticket summary (T5) until its status is one of ``statuses``; return that ticket.

    The sleeps add up to ``timeout`` seconds at most (the reads between them are not
    counted), so a wait makes a known number of reads: one per ``interval``.
    """
    waited = 0
    while True:
        if ticket is None:
            ticket = api.get_ticket_summary(ticket_no)
        status = (ticket.get('web_ticket_status') or '').upper()
        if status in statuses:
            return ticket
        if waited >= timeout:
            raise WaitTimeout('ticket/%s is still %s after waiting %s s for %s'
                              % (ticket_no, status, _seconds(timeout), ' or '.join(statuses)), ticket)
        step = min(max(interval, 1), timeout - waited)
        time.sleep(step)
        waited += step
        ticket = None


def _seconds(value):
    return ('%d' % value) if float(value).is_integer() else ('%s' % value)


def load_attachments(paths):
    """Read files on the controller as inline attachments ``{data (base64), filename}``; fails before any request."""
    attachments = []
    for path in paths or []:
        path = os.path.expanduser(path)
        if not os.path.isfile(path):
            raise InputError('attachment %s does not exist or is not a file' % path)
        try:
            with open(path, 'rb') as handle:
                content = handle.read()
        except (IOError, OSError) as exc:
            raise InputError('attachment %s cannot be read: %s' % (path, exc.strerror or exc))
        attachments.append({'data': base64.b64encode(content).decode('ascii'), 'filename': os.path.basename(path)})
    return attachments


_DISPOSITION = re.compile(r'filename\*?=(?:UTF-8\'\')?"?([^";]+)"?', re.IGNORECASE)


def safe_filename(name, fallback):
    """A base name that cannot leave the download directory (no ``..`` and no directories)."""
    name = os.path.basename((name or '').replace('\\', '/')).strip()
    return name if name not in ('', '.', '..') else fallback


def attachment_filename(headers, fallback):
    """The file name from ``Content-Disposition``, reduced to a safe base name."""
    match = _DISPOSITION.search(headers.get('Content-Disposition') or '')
    return safe_filename(match.group(1) if match else '', fallback)


def _sha1(data):
    return hashlib.sha1(data).hexdigest()


def _file_sha1(path):
    digest = hashlib.sha1()
    with open(path, 'rb') as handle:
        for chunk in iter(lambda: handle.read(65536), b''):
            digest.update(chunk)
    return digest.hexdigest()


def check_dest(dest):
    """Fail before any request when ``dest`` cannot receive a download."""
    dest = os.path.expanduser(dest)
    if os.path.isdir(dest):
        return
    folder = os.path.dirname(os.path.abspath(dest))
    if dest.endswith(os.sep) or not os.path.isdir(folder):
        raise InputError('dest %s: the directory %s does not exist' % (dest, dest if dest.endswith(os.sep) else folder))


def save_attachment(ansible, content, dest, filename, check_mode):
    """Write ``content`` to ``dest`` (a file, or a directory to hold ``filename``) unless it is there already.

    Returns the attachment's result entry and whether the file changed. The content itself never
    goes into a result.
    """
    dest = os.path.expanduser(dest)
    if os.path.isdir(dest) or dest.endswith(os.sep):
        dest = os.path.join(dest, filename)
    checksum = _sha1(content)
    changed = not (os.path.isfile(dest) and _file_sha1(dest) == checksum)
    if changed and not check_mode:
        fd, tmp = tempfile.mkstemp(dir=ansible.tmpdir)
        try:
            with os.fdopen(fd, 'wb') as handle:
                handle.write(content)
            ansible.atomic_move(tmp, os.path.abspath(dest))
        finally:
            if os.path.exists(tmp):
                os.remove(tmp)
    return {'path': dest, 'filename': filename, 'size': len(content), 'checksum': checksum}, changed
