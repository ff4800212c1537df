"""Broadsheet's terminal side: the command line and the Textual reading app."""

import os

# Textual draws a changed screen on its next frame, at most MAX_FPS times a second (60 unless
# TEXTUAL_FPS says otherwise): results then wait up to 17 ms for a frame, a third of the
# keystroke-to-results budget. At 120 they wait at most 8 ms. Frames are still drawn only
# when something changed, so an idle app sends nothing over SSH. Set here, before any module
# of the app imports Textual, which reads it once.
os.environ.setdefault("TEXTUAL_FPS", "120")
