"""Settings of the benchmarks: the app's own settings, plus bench/urls.py (the floors' views).

The trivial JSON view and the bare worklist view exist only here, never in the app's URLconf.
"""

from uptdppa.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
