"""Orders, with their shipments and returns: placing an order from a quote option (stock reserved, the sale
recorded for settlement), booking and tracking its shipments, and returns from request to refund."""
