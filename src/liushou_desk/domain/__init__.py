"""Domain rules of the 54321 care action: plain Python, no Qt and no database."""
