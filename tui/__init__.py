"""Broadsheet's terminal side: the command line and the Textual reading app."""
