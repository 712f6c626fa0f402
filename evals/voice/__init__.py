"""Voice-note evaluation set: synthetic Spanish clips of labelled buyer messages (see make_clips.py)."""
