print("sbd")
