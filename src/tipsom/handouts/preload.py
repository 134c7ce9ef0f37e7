"""Imported once by the handout build's fork server (see `handouts.run`): it loads the heavy
libraries and compiles the export template before the worker processes fork from it, so
that work is done once per build instead of once per worker."""

from .render import warm_up

warm_up(fonts=False)
