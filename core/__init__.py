"""What every part of ladder shares: the domain types and the encoder runtime."""
