from django.shortcuts import render


def home(request):
    """The landing page until the web app is built: where to go next."""
    return render(request, "home.html")
