import sys
from pathlib import Path

# tests/browser.py is a helper module shared by the book tests.
sys.path.insert(0, str(Path(__file__).parent))
