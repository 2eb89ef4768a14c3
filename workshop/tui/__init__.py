"""The facilitator's terminal interface (Textual)."""
