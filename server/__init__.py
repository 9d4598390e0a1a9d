"""HTTP and persistence for TalkTrack."""
