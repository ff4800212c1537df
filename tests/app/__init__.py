"""Tests of the reading app: Pilot key paths, snapshots, and real terminals (tmux, ssh)."""
