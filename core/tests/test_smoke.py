def test_world_builds_and_personas_log_in(world, client_for):
    for name, user in world.users.items():
        response = client_for(user).get("/api/v1/auth/me/")
        assert response.status_code == (401 if name == "anonymous" else 200), name
