"""E-mail: the RFC 5322 parser and the IMAP/SMTP connector."""
