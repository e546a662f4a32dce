"""Channel adapters: each turns one kind of inbound item into a raw intake for the gateway."""
