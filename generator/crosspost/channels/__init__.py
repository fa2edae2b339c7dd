"""Channel adapters: each turns a shaped `Message` into one channel's HTTP (or SMTP) request."""
