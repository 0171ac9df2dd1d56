from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from .permissions import roles_of


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    organisation = serializers.CharField(allow_null=True)
    roles = serializers.ListField(child=serializers.CharField())


class MeView(APIView):
    """The authenticated user: username, organisation and roles."""

    serializer_class = MeSerializer

    def get(self, request):
        user = request.user
        data = {
            "username": user.username,
            "organisation": str(user.organisation) if user.organisation_id else None,
            "roles": sorted(roles_of(user)),
        }
        return Response(MeSerializer(data).data)
