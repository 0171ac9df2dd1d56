from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from .permissions import capabilities_of, roles_of


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    organisation = serializers.CharField(allow_null=True)
    roles = serializers.ListField(child=serializers.CharField())
    capabilities = serializers.ListField(child=serializers.CharField())


class MeView(APIView):
    """The authenticated user: username, organisation, roles and capabilities."""

    serializer_class = MeSerializer

    def get(self, request):
        user = request.user
        data = {
            "username": user.username,
            "organisation": str(user.organisation) if user.organisation_id else None,
            "roles": sorted(roles_of(user)),
            "capabilities": sorted(capabilities_of(user)),
        }
        return Response(MeSerializer(data).data)
