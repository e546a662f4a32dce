"""The intake gateway: storage, jobs, HTTP and SMTP service, forwarding, command line."""
