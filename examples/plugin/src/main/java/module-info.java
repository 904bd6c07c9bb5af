/** An example third-party provider: drop its jar into sleepingd's plugins directory. */
module com.example.fixedaddress {
    requires io.sleepingd.spi;

    provides io.sleepingd.spi.BackendProvider with com.example.fixedaddress.FixedAddressProvider;
}
