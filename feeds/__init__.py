"""Feed publishing: which feeds exist, rendering, atomic publishing and serving."""
