"""Partner webhooks: subscriptions, signed deliveries of case events, retries and the delivery log."""
