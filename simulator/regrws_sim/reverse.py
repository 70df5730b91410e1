"""Reverse DNS names: which delegations a block gets, and which block a name stands for.

ARIN delegates IPv4 on octet boundaries (/8, /16, /24; nothing smaller than a /24) and
IPv6 on nibble boundaries. Each CIDR block of a net gets the largest delegations that
fit it: a /15 gets two /16 names, a /20 sixteen /24 names, a /29 eight /32 names.
"""
from __future__ import annotations

import ipaddress
import re

from . import nets

LONGEST = {4: 24, 6: 128}
STEP = {4: 8, 6: 4}

_V4 = re.compile(r"^((?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){1,3})in-addr\.arpa\.?$", re.I)
_V6 = re.compile(r"^((?:[0-9a-f]\.){1,32})ip6\.arpa\.?$", re.I)


def name_of(network) -> str:
    """Canonical delegation name of a network on a boundary: lower case, trailing dot."""
    if network.version == 4:
        octets = str(network.network_address).split(".")[: network.prefixlen // 8]
        return ".".join(reversed(octets)) + ".in-addr.arpa."
    nibbles = network.network_address.exploded.replace(":", "")[: network.prefixlen // 4]
    return ".".join(reversed(nibbles)) + ".ip6.arpa."


def names_for_range(version: int, first: int, last: int) -> list[str]:
    """Delegation names of an address range, in address order ([] when too small)."""
    names = []
    start, end = nets.make_ip(version, first), nets.make_ip(version, last)
    for block in ipaddress.summarize_address_range(start, end):
        step = STEP[version]
        boundary = -(-block.prefixlen // step) * step  # round up to the next boundary
        if boundary > LONGEST[version]:
            continue
        names.extend(name_of(sub) for sub in block.subnets(new_prefix=boundary))
    return names


def parse_name(name: str) -> tuple[int, int, int]:
    """(version, first, last) of the block a delegation name stands for; ValueError if it is none."""
    match = _V4.match(name or "")
    if match:
        octets = [int(o) for o in match.group(1).rstrip(".").split(".")][::-1]
        prefix = 8 * len(octets)
        first = int(ipaddress.IPv4Address(".".join(map(str, octets + [0] * (4 - len(octets))))))
        return 4, first, first + (1 << (32 - prefix)) - 1
    match = _V6.match(name or "")
    if match:
        nibbles = match.group(1).rstrip(".").split(".")[::-1]
        prefix = 4 * len(nibbles)
        first = int("".join(nibbles).ljust(32, "0"), 16)
        return 6, first, first + (1 << (128 - prefix)) - 1
    raise ValueError("%s is not a reverse DNS delegation name" % name)


def canonical(name: str) -> str:
    version, first, last = parse_name(name)
    bits = 32 if version == 4 else 128
    prefix = bits - (last - first + 1).bit_length() + 1
    return name_of(ipaddress.ip_network((first, prefix)) if version == 4
                   else ipaddress.IPv6Network((first, prefix)))
