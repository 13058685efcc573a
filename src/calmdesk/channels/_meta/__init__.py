"""What Facebook and Instagram share: the Graph API connector and the webhook envelope parser."""
