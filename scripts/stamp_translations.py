"""Record the hash of the English beside every translated string that has none.

Run after merging branches that edit the English content or its *.<lang>.yaml overlays:

    PYTHONPATH=src .venv/bin/python scripts/stamp_translations.py [ROOT]

It changes only the `strings:` block of each overlay (and drops the old per-file `status:`
and `reviewed_by:` lines); a second run changes nothing. See tipsom/translation/stamp.py.
"""

import sys
from pathlib import Path

from tipsom.translation.stamp import stamp

if __name__ == "__main__":
    root = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    changed = stamp(root)
    for name in changed:
        print(f"stamped {name}")
    print(f"{len(changed)} overlay file(s) changed.")
