#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# The Python alternative bench/run measures: python3-xmlschema (Debian) validating
# every file against one schema in one process, as a CI script would.
import sys

import xmlschema


def main():
    schema = xmlschema.XMLSchema(sys.argv[1])
    bad = 0
    for path in sys.argv[2:]:
        try:
            if not schema.is_valid(path):
                bad += 1
        except Exception:  # malformed input counts as invalid, as with xmllint
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
