"""REST API of lagesbild: incidents (list, create single and batch, retrieve, update)
and the reference data (areas, places, categories), read only."""

import copy

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, PermissionDenied, ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response

from core.locking import EditConflict
from councils.permissions import HasCapability

from . import selectors, services
from .filters import IncidentFilter
from .models import Area, Category, Incident, Place, Source, local_instant


class AreaSerializer(serializers.ModelSerializer):
    class Meta:
        model = Area
        fields = ["id", "name", "group", "latitude", "longitude", "boundary"]


class PlaceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Place
        fields = ["id", "name", "area", "latitude", "longitude"]


class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["id", "name", "parent"]


class FieldsBuiltOnce:
    """ModelSerializer maps the model's fields anew for every serializer (~1.4 ms of an
    API request's ~5.5 ms CPU, cProfile). The mapping depends on the class alone, so it
    is built once per class, and each serializer gets a shallow copy of each field.

    A deep copy, as DRF makes of declared fields, builds every field anew from its
    arguments (~0.7 ms a request). A field's own state is what `bind()` sets (its name,
    parent, source) and its validators, made at first use: both land on the copy. The
    arguments a copy shares (choices, the queryset, messages) are only read."""

    _built: dict[type, dict] = {}

    def get_fields(self):
        cls = type(self)
        if cls not in FieldsBuiltOnce._built:
            FieldsBuiltOnce._built[cls] = super().get_fields()
        return {name: copy.copy(field) for name, field in FieldsBuiltOnce._built[cls].items()}


class LocalDateTimeField(serializers.DateTimeField):
    """A time without an offset is read on Stockholm's clock, as in the form and the
    import; one in the spring gap is refused with their words (DRF's own would name the
    zone only)."""

    def enforce_timezone(self, value):
        if timezone.is_naive(value):
            try:
                return local_instant(value.date(), value.time())
            except DjangoValidationError as gap:
                raise ValidationError(gap.messages) from gap
        return super().enforce_timezone(value)


class ReferenceField(serializers.PrimaryKeyRelatedField):
    """A category, area or place by id, read from the cached reference rows
    (selectors.references(), renewed whenever one of them is written) instead of a query
    per field: two or three of a registration's round trips."""

    def __init__(self, kind: str, **kwargs):
        self.kind = kind
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | str):
            self.fail("incorrect_type", data_type=type(data).__name__)
        try:
            pk = int(data)
        except ValueError:
            self.fail("incorrect_type", data_type=type(data).__name__)
        found = selectors.references()[self.kind].get(pk)
        if found is None:
            self.fail("does_not_exist", pk_value=data)
        return found


class IncidentSerializer(FieldsBuiltOnce, serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.name", read_only=True)
    category = ReferenceField("category", queryset=Category.objects.all())
    area = ReferenceField("area", queryset=Area.objects.all())
    place = ReferenceField("place", queryset=Place.objects.all(), required=False, allow_null=True)
    occurred_at = LocalDateTimeField(
        required=False,
        allow_null=True,
        help_text="With an offset (…Z, …+01:00), or without one in Swedish local time; "
        "the local date and ISO week follow from it.",
    )
    assessment = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, help_text="No personal data."
    )
    latitude = serializers.FloatField(required=False, allow_null=True, min_value=-90, max_value=90)
    longitude = serializers.FloatField(
        required=False, allow_null=True, min_value=-180, max_value=180
    )
    count = serializers.IntegerField(required=False, min_value=1, max_value=100000)
    client_key = serializers.UUIDField(
        required=False,
        allow_null=True,
        help_text="An idempotency key (a UUID the client makes for the entry): sending the "
        "same key again answers 200 with the incident made the first time, never a second one.",
    )
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text="On update: the version you read. A stale one answers 409. Without it the "
        "update saves over the stored incident.",
    )

    class Meta:
        model = Incident
        fields = [
            "id",
            "category",
            "area",
            "place",
            "latitude",
            "longitude",
            "occurred_on",
            "occurred_at",
            "time_band",
            "iso_year",
            "iso_week",
            "count",
            "assessment",
            "organisation",
            "source",
            "external_id",
            "client_key",
            "created_at",
            "updated_at",
            "version",
        ]
        read_only_fields = ["iso_year", "iso_week", "source", "created_at", "updated_at"]
        # The unique (organisation, external_id) check is the service's and database's.
        validators: list = []

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is not None and not instance.assessment_visible_to(request.user):
            data.pop("assessment", None)
        return data


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


def _as_drf_error(error: DjangoValidationError) -> APIException:
    if isinstance(error, services.ExternalIdTaken):
        return Conflict(error.message_dict)
    if hasattr(error, "error_dict"):
        return ValidationError(error.message_dict)
    return ValidationError({"non_field_errors": error.messages})


class IncidentCursorPagination(CursorPagination):
    ordering = ("-occurred_on", "-id")


class IncidentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Incidents the caller may see; create and update for their own organisation."""

    serializer_class = IncidentSerializer
    capability = "incident.register"
    permission_classes = [HasCapability.of(capability)]
    filterset_class = IncidentFilter
    pagination_class = IncidentCursorPagination

    def get_queryset(self):
        return selectors.incidents_visible_to(self.request.user).select_related("organisation")

    def create(self, request, *args, **kwargs):
        response = super().create(request, *args, **kwargs)
        if getattr(self._made, "was_resent", False):
            response.status_code = status.HTTP_200_OK  # a resend: nothing new was made
        return response

    def perform_create(self, serializer):
        try:
            serializer.instance = self._made = services.incident_register(
                user=self.request.user, source=Source.API, data=serializer.validated_data
            )
        except DjangoValidationError as error:
            raise _as_drf_error(error) from error
        except DjangoPermissionDenied as error:
            raise PermissionDenied from error

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("client_key", None)  # set when the incident was made, never changed
        # An API client that sends no version saves over the stored one (machines rarely
        # keep an edit open); one that sends it gets the lock.
        version = data.pop("version", serializer.instance.version)
        try:
            serializer.instance = services.incident_update(
                user=self.request.user, incident=serializer.instance, data=data, version=version
            )
        except EditConflict as error:
            raise Conflict({"version": error.messages}) from error
        except DjangoValidationError as error:
            raise _as_drf_error(error) from error
        except DjangoPermissionDenied as error:
            raise PermissionDenied from error

    @extend_schema(request=IncidentSerializer(many=True), responses=IncidentSerializer(many=True))
    @action(detail=False, methods=["post"])
    def batch(self, request):
        """Create several incidents at once: all or none."""
        serializer = IncidentSerializer(data=request.data, many=True, context={"request": request})
        serializer.is_valid(raise_exception=True)
        try:
            made = services.incidents_register_batch(
                user=request.user, rows=serializer.validated_data, source=Source.API
            )
        except DjangoValidationError as error:
            raise _as_drf_error(error) from error
        except DjangoPermissionDenied as error:
            raise PermissionDenied from error
        out = IncidentSerializer(made, many=True, context={"request": request})
        return Response(out.data, status=status.HTTP_201_CREATED)


class ReferencePagination(CursorPagination):
    ordering = "id"
    page_size = 500


class AreaViewSet(viewsets.ReadOnlyModelViewSet):
    """Areas (stadsdelar and localities) with their centre points."""

    queryset = selectors.areas_active()
    serializer_class = AreaSerializer
    pagination_class = ReferencePagination
    filterset_fields = ["group"]


class PlaceViewSet(viewsets.ReadOnlyModelViewSet):
    """Named places with their points."""

    queryset = selectors.places_active()
    serializer_class = PlaceSerializer
    pagination_class = ReferencePagination
    filterset_fields = ["area"]


class CategoryViewSet(viewsets.ReadOnlyModelViewSet):
    """EST categories in two levels (`parent` empty: a main category)."""

    queryset = selectors.categories_active()
    serializer_class = CategorySerializer
    pagination_class = ReferencePagination
    filterset_fields = ["parent"]
