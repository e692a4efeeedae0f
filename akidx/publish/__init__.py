"""``akidx build``: run every params file's notebook, render the pages and the index.

``plan`` (runs, context), ``runfile`` (params checks) and ``state`` (content hashes)
decide what to do and stay light; ``execute`` runs notebooks on the warm ``kernels``
of the ``pool``, ``render`` turns them into pages and ``index`` writes the gallery.
``driver.build`` ties them together.
"""

from akidx.publish.driver import build
from akidx.publish.plan import BuildSummary

__all__ = ["BuildSummary", "build"]
