"""A stop signal that lets a looping command finish the pass it is in."""

import signal
import time


class StopAfterPass:
    """SIGTERM and SIGINT ask the loop to stop once the current pass is done.

    Killed mid-pass, a command could stop between a workflow step's commit and the task
    it queues after the commit; the sweeper would then only re-drive that refund on its
    next start.
    """

    def __init__(self):
        self.requested = False
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, self._request)

    def _request(self, signum, frame):
        self.requested = True

    def sleep(self, seconds: float) -> None:
        """Sleep between passes, waking early when asked to stop."""
        deadline = time.monotonic() + seconds
        while not self.requested and time.monotonic() < deadline:
            time.sleep(min(0.2, seconds))
