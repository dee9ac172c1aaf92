"""Mock interviews: sessions, timers, drafts, attempts, history and progress."""
