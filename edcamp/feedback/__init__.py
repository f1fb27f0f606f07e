"""After the day: feedback on sessions, the follow-up mail, and the report's charts."""
