async def seed_congress(services):
    return {}
