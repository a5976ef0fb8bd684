¿ dónde están Miguel y Lucia ?
el vecino ayudó a Carlos .
ella está al lado de nuestros platos .
ese avión era malo .
los patos y el panadero sucio llegaron .
habrá té detrás de una guitarra , pero Miguel era muy tranquilo .
tú tomaste catorce juguetes .
tú estabas debajo del barco caliente .
sus abuelas tienen los búhos al lado de un museo .
los niños tristes no cierran las ventanas .
el escritor viejo de Elena no dormirá cerca de tu lago listo cuando ellos nunca usan el juguete allí .
el médico grande de Carlos nunca cocinará la ensalada allí .
ellos pueden tocar las guitarras .
Ana y el niño cantarán mañana .
tú llevas una pizza .
un tomate estaba cerca de un regalo viejo .
él está cerca del hotel .
ella era blanca .
un rey me encontrará debajo de una tienda .
Diego puede compartir las peras cuando los camareros querían ver a Juan .
Ana estará debajo de un libro .
Diego y Juan estarán muy contentos .
Juan puede visitar Toronto .
los tíos divertidos compartirán sus galletas sucias .
¿ dónde están ellos ?
Miguel será amable .
Carmen no hace mi pan moderno todos los días .
su abogado baila sobre la bicicleta .
un hijo tiene una araña .
muchos escritores prepararon mi pastel muy marrón la semana pasada .
ella no puede dibujar siete iglesias .
ella no quiere esconder la manzana amarilla .
diecisiete granjeros importantes no visitarán Lima .
los padres de Pablo no cantan .
yo quería querer los gatos .
él siempre saltará , pero su rey quería compartir nuestra tarjeta .
los zorros no viven .
yo usé tu cámara cuando hay quince regalos cerca de los restaurantes .
Maria y Miguel no cantan .
ella estará cerca de un avión porque Carmen estará detrás de tres restaurantes .
Carlos y Lucia no cierran su ventana .
tú no puedes pintar una mesa .
esta pizza será amarilla .
el granjero de Sofia aprenderá su canción .
yo no quería correr a dos puentes blancos .
Carmen ayudará a Carmen .
nosotros queremos vender las abejas de Miguel , pero tú llegaste a su castillo fácil aquí .
yo no lloraré .
él esperó su autobús porque hay un espejo cerca de este hotel .
su granjero bueno no ama a los panaderos al lado del tren cuando ella es mala .
Juan y Sofia no trabajaron porque tú lloras para Elena .
yo usaré las puertas vacías .
este vecino tranquilo trajo café .
habrá diez enfermeras al lado de diez guitarras y catorce profesores tranquilos nunca traen dieciocho fresas lentamente .
el abogado quiere llorar y unos niños famosos lloran .
hay un abuelo delante del sombrero muy limpio .
sus enfermeras buenas no amarán a Lucia para ocho panaderos .
Elena siempre miró los vestidos de Miguel en las habitaciones difíciles , pero el pintor aprende esta canción .
Elena no pintará los vestidos .
los abuelos de Pablo y Juan comparten vino por la mañana .
nosotros llevaremos nuestro vino .
ellos lavan los leones muy grises , pero su puerta está debajo de una cocina .
nosotros no tocaremos tu piano alto .
tú mirarás las ranas jóvenes detrás de un tenedor rápidamente .
ellos preparan la pizza en NASA cuando había una fresa en Lima .
Elena corre .
tu pizza muy fuerte está debajo de muchos trenes .
él quería escribir las canciones , pero Carmen será muy pequeña .
Sofia estará al lado de un castillo y yo trabajé delante del plato .
nuestro pan estaba en NYU .
los amigos abrieron siete cajas muy caras por la noche .
una manzana y Maria serán divertidas .
Pedro y las enfermeras débiles siempre te visitan en su castillo lentamente .
el hombre grande aprendió una canción .
habrá seis padres ocupados sobre los vasos .
habrá un barco en su restaurante .
tú no romperás los espejos .
Juan y Miguel no lo visitarán .
una madre lanza los sombreros delante de una mesa moderna hoy .
¿ dónde están los tíos ?
tu cocinero amarillo puede beber el té .
tú no romperás tu barco cuando él estaba limpio .
Pablo no llegó a su escuela .
ella estará detrás de los libros grises cuando Lucia nunca bailó .
yo estaba debajo de esta cocina muy lista .
ella no puede escuchar a los niños cuando hay un espejo en tu jardín .
el niño corrió a nuestro lago y Carmen está lista .
muchos limones están fríos .
tú llegaste otra vez .
habrá veinte hombres cerca de su jardín .
quince hermanas vivirán .
el cocinero toma su guitarra .
¿ dónde estarán los vasos ?
un bosque será muy nuevo .
Carmen estaba cerca de nuestra biblioteca .
¿ dónde está Pablo ?
los niños y Carlos pueden visitar a Pedro .
ellos estarán debajo de dieciséis bibliotecas .
una tía siempre camina a las ciudades y nosotros haremos ocho ensaladas .
un cantante no ayudó al estudiante de Sofia por la mañana .
yo nunca lanzo esta llave .
Pablo y Elena no lanzarán una galleta detrás de las computadoras cuando un amigo pinta una taza hermosa aquí .
tú estarás al lado de tu casa , pero Carlos no aprende once canciones para ese amigo .
las mujeres eran ricas .
había una vaca tranquila cerca de la lámpara verde .
Diego y Miguel traen el pescado .
el queso fuerte está cerca de un autobús marrón .
una tortuga nada porque el cantante pobre de Miguel tomará los coches muy grises .
trece hermanos nunca compartieron pescado en la escuela el año pasado .
Ana no escribió una tarjeta .
habrá dieciocho bicicletas en la tienda .
Carmen y Elena querían esperar tu avión cuando las reinas beben jugo debajo de una mesa hoy .
él saltará para una enfermera contenta .
Carmen y Sofia serán lentas .
ella no caminó a un castillo barato y él será marrón .
ella no lava esta canción todos los días .
ella cantará .
Juan está debajo de seis mantas y yo ayudo a Lucia por la noche .
yo estaré cerca de las camisas .
su escritor cocinará tus ensaladas debajo de este tenedor porque la mujer los llamará .
él puede romper el tren de Sofia cuando él vende tu araña rápidamente .
los padres estaban delante de dieciocho museos , pero muchas niñas están cerca del vestido .
la mujer grande siempre corre allí porque tú escondiste vino .
esa niña roja vendió las toallas cuando los niños enojados de Pedro vendieron una hormiga delante de los bosques .
Carmen ve a los abuelos de Maria .
ellos no pintaron la cocina .
tres granjeros tendrán muchas ensaladas , pero el búho está en diez pueblos .
¿ dónde estarán los niños de Ana y Miguel ?
una tía tuvo las arañas .
esas abejas llegan a la escuela ahora .
Sofia estará en un hospital porque la carta no será muy pequeña .
ella estará triste porque Lucia no está lista .
las peras tranquilas de Maria no estarán debajo de las tazas porque el tío estaba en el lago .
ella cerró la puerta .
mi sándwich estará en UNESCO .
ellos harán el pan el próximo año .
los cocineros buenos abren el libro vacío de Elena al lado de las ventanas .
Diego y Maria nunca lo esperaron .
nosotros fuimos a un parque .
la reina muy famosa de Pablo trabaja .
Pablo no gritará en el hotel .
Diego y Elena siempre amaron a las hermanas de Carlos .
su niña lista lanzará esta galleta hermosa porque ella es inteligente .
tu pescado estaba sobre las cartas , pero había un abuelo al lado de mi árbol .
diecisiete tíos muy tranquilos escondieron los cuchillos .
nuestro estudiante no compartirá el limón contigo allí , pero el niño ocupado aprendió la canción .
ella llora con Diego .
él tomó una bolsa muy marrón porque una hermana ocupada cocinó los plátanos muy altos de Maria .
tú no fuiste a veinte castillos negros .
cinco hombres marrones dormirán , pero ella tiene el pan .
Maria y el amigo estarán debajo de unas playas muy calientes .
tú recibirás las tarjetas verdes en Madrid aquí , pero Juan y Juan encontraron nuestra toalla .
él era rico , pero un abogado amó las tortugas .
ellos estaban delante de esa computadora , pero Diego estará sobre diecisiete bancos hermosos .
el profesor joven no va a Madrid .
nosotros estaremos al lado del bosque .
los amigos tranquilos están sobre las velas .
una abeja rápida vivirá en cuatro habitaciones muy baratas mucho .
los niños trabajarán por la noche .
nosotros dormimos cerca de este tenedor .
los niños sucios no estaban en los puentes muy rojos .
el huevo no estaba en la calle .
¿ dónde estará Lucia ?
ellos aprenderán una canción .
dieciocho niños pequeños no me esperarán detrás de un mapa .
tú mirarás al vecino inteligente .
ocho tíos débiles querían pintar su vaso y yo necesito la canción .
tú verás las pelotas .
hay un vaso lleno delante del libro verde .
tú no escondiste leche .
los osos débiles son rápidos .
Pedro será muy importante , pero su granjero importante descansa .
la bolsa fea de Sofia estará debajo de los cuchillos y ellos limpiaron la mesa contigo allí .
nosotros no queríamos encontrar a los cocineros .
nosotros estamos delante de los espejos importantes .
tú cierras la tienda con un león .
nosotros bailaremos .
ella no estará muy sucia .
ellos necesitarán nuestro teléfono .
las madres grises beberán la leche para IBM el próximo año .
ella no puede vender las tazas .
su granjero y Pedro abrieron los libros .
yo quería escribir la tarjeta .
Diego amó a Ana .
Miguel y Elena pueden tomar veinte peras amarillas .
Juan ama a estos panaderos .
tú estabas al lado de las canciones .
mis hijas nadarán detrás de un cuadro blanco .
él nunca vive con nosotros porque ellos nunca tocan sus canciones en la casa .
¿ dónde estaba su cabra ?
hay una reina cuando los hombres vieron al panadero de Pedro .
Pablo llevó trece patatas ayer .
el tío va a Boston hoy .
un huevo muy frío está sobre catorce pelotas .
el padre amable vio cuatro arañas listas porque su reina lava el elefante listo .
los estudiantes pintaron cuatro juguetes fáciles para Pedro .
yo no cocinaré cinco pasteles y él no era importante .
él vive para ella .
Carlos siempre duerme .
las naranjas muy altas y Diego no serán deliciosos .
ellos esconderán quince manzanas por la noche cuando él estaba en MIT .
los amigos pueden tomar café .
la carne será mala .
él puede limpiar la granja .
Pedro y Carmen son muy famosos .
la hermana hermosa no vivirá .
nosotros nunca buscaremos las cocinas de Lucia .
un amigo muy pobre lanzó el sombrero porque mis escritores ayudarán a cinco amigos .
él no está ocupado .
los escritores querrán trece perros débiles cuando las hijas de Miguel no estudiaron el mapa abierto de Pedro .
nosotros pintaremos una ventana para Carmen .
Ana no toca las canciones de Carmen cuando Pablo y Elena trabajan .
ella venderá sopa muy rota porque las lámparas estarán en los hospitales limpios .
su niño estudió diecisiete libros .
su cocinero nunca vende la carne muy pequeña .
él no puede llegar a trece casas .
hay un sombrero detrás de los aeropuertos caros .
ella será muy gris .
él es rápido , pero yo no dibujaré un río .
ella no descansó debajo de esta caja ayer .
una llave es cara .
nuestro hombre no saltó delante de esa silla hoy porque su serpiente no estaba sobre sus puertas .
él salta .
hay nueve enfermeras debajo de esa cocina .
Maria irá al museo porque ellos siempre cerrarán nuestro libro .
nosotros no podemos hacer esa sopa .
dieciséis hijos trabajaron el año pasado .
ella estaba delante de los castillos marrones .
el hermano será alto .
nosotros necesitamos una pera cerca de catorce aviones famosos .
las reinas buscaron a un camarero delante de su bosque lleno .
una abuela es joven .
su ballena ocupada amará a un hombre con las vacas tristes .
él usará los platos marrones de Pablo .
había trece árboles muy amarillos en una tienda .
ella es amarilla .
nosotros siempre llegamos a su playa .
un escritor rojo pintará los hoteles , pero siete tazas grandes estaban muy llenas .
yo no como arroz al lado de los juguetes rápidamente .
yo quiero ver a los escritores .
los hijos querían encontrar la hormiga .
un hombre muy malo vio ese zorro .
las serpientes no serán buenas .
quince profesores quieren esperar su autobús .
Elena cantó cuando las vacas muy tristes de Ana miraron sus ranas .
Carlos está muy limpio .
ellos estaban delante de veinte oficinas .
este panadero puede dibujar nuestro avión .
los periódicos fuertes estaban delante de la camisa lenta , pero el cuchillo roto será marrón .
Ana y Elena abrirán un libro hoy .
las madres gritan para BBC allí .
la hormiga muy débil será fuerte .
nosotros hacemos las pizzas .
la cuchara era lenta porque el granjero quiere comer sopa muy gris .
el lobo estará enfermo porque ella es fea .
los camareros no quieren el vaso .
una hermana no nada y dieciocho vasos están en las granjas .
ella quería lanzar una llave .
¿ dónde estarán Ana y el gato de Miguel ?
Miguel no lanza unas llaves .
un hijo grande no escuchó a un escritor .
él no quiso los caballos feos ayer .
el niño divertido no te escucha por la noche .
Miguel estará triste cuando un escritor usa el cuchillo con los panaderos .
los vasos baratos estaban llenos .
había un teléfono pesado cerca del mapa .
los amigos no llorarán .
tu café era bueno .
él estaba contento .
él tuvo el billete muy rojo delante de esa toalla porque ellos traen un cuadro para IBM .
¿ dónde estará el perro de Diego ?
un panadero puede tener una llave y ella es rápida .
diecisiete osos ocupados eran grandes porque tú corres .
ella será tranquila .
habrá sopa limpia cerca de nuestros vestidos muy nuevos cuando la hermana no trabaja debajo de un hotel .
hay un ratón sucio al lado de los relojes .
una hija saltó .
una hormiga nunca mirará a su pintor malo .
él no puede cocinar la carne muy nueva .
tú estabas detrás del cuadro porque los conejos cansados de Miguel nadan delante de su jardín difícil .
ellos lavaron este gato delante de ese cuadro hermoso lentamente .
el panadero llamará a Miguel allí .
había unos ratones detrás de su cuadro .
el médico ocupado quiere viajar a diecinueve habitaciones pesadas .
Juan y Miguel llevan un árbol .
tus amigos escribirán una tarjeta porque una ballena no encuentra la hormiga .
él puede dibujar esa habitación verde .
los profesores caminan .
Elena siempre tocó la canción .
Juan no era negro .
las hermanas caminan .
habrá diecinueve pelotas .
un hijo contento vendió las patatas .
había dieciséis puertas .
nosotros tomaremos tu carne debajo de los ríos .
tú no encuentras a las mujeres blancas .
Pablo y Miguel vivirán en esta isla rota mañana .
él era muy tranquilo , pero el estudiante nunca descansó bien .
Carmen está delante de diecinueve cuchillos .
una abeja siempre escondió su mono muy feo .
un elefante está limpio .
Pedro puede nadar cuando hay una abeja ocupada cerca de mi silla .
¿ dónde estaba Diego ?
él será amable .
sus amigos grises tuvieron su vaca rica cuando el profesor nunca mira las botellas .
una tía rápida no puede dibujar a Juan cuando cinco lobos tranquilos buscan a tres hermanos .
Sofia dormirá con el médico .
las hermanas muy pequeñas llorarán .
Lucia y nuestras abuelas dormirán en el río bueno porque ella era pequeña .
Elena duerme .
trece madres correrán a dieciocho parques modernos .
habrá once cámaras debajo de muchas cocinas .
la puerta no estaba delante de diecinueve teléfonos .
su camarero espera veinte autobuses feos al lado de seis habitaciones viejas porque una serpiente es importante .
yo no quiero dibujar una cama .
su llave es vieja .
nosotros compraremos el pan pequeño otra vez porque un cocinero escuchó a dieciocho abuelos .
un médico importante nunca ayudó a unos reyes blancos .
tú nunca nadaste con ellos rápidamente y él será tranquilo .
ella lanza su manzana barata .
nosotros comeremos mi naranja marrón porque un abogado rojo no la ayudó .
el padre quiere tocar una canción .
Sofia no escuchó a Maria .
una niña no cocina una patata otra vez .
esas tías nunca duermen en su calle mucho .
este profesor estudió su mapa .
él será gris .
ella era muy rica porque él romperá la silla .
mi abuelo duerme porque este ratón no está en unas tiendas .
nosotros estábamos detrás de cinco pelotas .
tú dibujarás su casa .
ella prepara la zanahoria .
un cocinero puede comprar la vela divertida .
la niña y el perro de Miguel llegaron aquí .
sus hospitales importantes serán muy amarillos .
él será divertido .
él está limpio .
el escritor pobre de Elena no vivirá para Pedro .
Lucia era alta .
había té azul debajo de ese castillo .
la tortuga será amable .
ella vio el castillo .
ellos caminarán a un parque porque Juan no viaja a las escuelas muy rápidas .
la madre grande de Carmen vende un tigre ahora .
hay diecinueve sillas detrás de la montaña .
las mujeres sucias y el tío fueron a Toronto .
yo no caminé a una biblioteca verde ayer .
Ana no será pobre .
Lucia y Carlos estarán muy contentos .
yo rompí una lámpara porque veinte panaderos trabajaron en un pueblo caliente .
había una silla cerrada en las tiendas .
hay una manzana sobre mis museos , pero el camarero de Carlos siempre pinta los hospitales .
una reina trabaja para Elena cuando ella baila .
Sofia y Ana serán altas .
ellos estarán al lado de su guitarra fea .
mi pescado no estará al lado de un vestido .
las ballenas fuertes esconderán el lobo de Ana .
habrá veinte ranas cerca de un reloj .
los panaderos lanzarán sus sombreros en un parque lentamente .
los cocineros y los hombres negros lanzan la galleta de Elena debajo de esos platos .
el padre débil nadará .
él estaba enfermo .
diez hormigas feas buscan los pianos hermosos bien , pero ella es fea .
nosotros no dibujamos a las reinas limpias de Pedro cuando ella es muy rápida .
ellos no pueden llevar una taza y el jugo y Elena eran largos .
él siempre compartirá unos plátanos pequeños .
ellos querrán las ranas .
¿ dónde estará Carmen ?
ese rey mirará a Miguel sobre los parques , pero yo querré esas serpientes jóvenes para IBM .
ella estudió los libros por la noche .
él era fuerte .
la caja será muy pesada .
nuestra vaca estará delante de los lagos y nosotros podemos aprender una canción .
ella estará debajo de mi computadora marrón .
el pintor grita con un tigre .
diez tíos miraron el zorro de Sofia contigo .
una niña escribirá una carta y yo quiero las manzanas verdes de Lucia .
había unos profesores sobre esas mantas .
ellos aprenden mis canciones en las tiendas cuando había un regalo sobre cinco camisas .
el camarero muy bueno limpió el zapato sucio .
ellos estaban cerca de su tienda famosa , pero los estudiantes traen el café pequeño rápidamente .
hay un juguete sobre mi aeropuerto .
nosotros podemos esconder sus patos marrones .
nuestro niño viejo quiso esa galleta .
Elena y Lucia no querían llorar sobre mi puente .
Lucia escribió una tarjeta fácil .
Juan y Pablo comprarán chocolate abierto .
el granjero es muy grande cuando él era hermoso .
tú estabas en MIT .
ellos dibujarán las bibliotecas para nosotros porque un abogado amable quería esconder las canciones .
el niño listo salta por la noche .
ellos nunca irán a dieciséis granjas .
yo no recibiré una tarjeta , pero su tía amarilla puede visitar Toronto .
Diego y su granjero usaron un vaso cuando Carlos y Maria están detrás de seis ciudades buenas .
tú viajas a Chicago .
Ana y Lucia nadaron .
ella no está al lado de la cámara muy famosa .
mis enfermeras gritaron cerca de los coches .
Miguel llamará a la niña muy limpia .
trece abuelas no trabajaron .
nosotros no descansaremos detrás de dieciséis montañas .
las mujeres amarillas quieren nadar .
yo estaba delante de una tarjeta y ella es vieja .
los plátanos grandes y Pedro estarán detrás de un sombrero .
Maria no será muy rápida .
una manzana está delante de una guitarra , pero él no necesita nuestra silla pesada .
¿ dónde estaba el abogado ?
Diego saltó con él .
los limones calientes de Ana no eran verdes .
él es muy inteligente .
la hormiga correrá a diecisiete hoteles .
los parques eran grandes , pero ella estará sucia .
Maria y nuestra niña verán la calle otra vez .
una vela fácil era pesada .
él vivirá .
su granjero los escuchará .
Diego estaba sobre los vestidos .
mi niño muy inteligente preparará el arroz allí .
un amigo llega a los restaurantes muy importantes .
catorce hijas listas no recibieron este libro cuando ella estaba detrás de un periódico verde .
ellos siempre corren a esa playa cuando diecisiete vecinos grandes no quieren llegar a una biblioteca .
había doce niños delante de su espejo cuando él estaba muy ocupado .
él buscará las camisas altas debajo de los bancos , pero Lucia y Diego están cerca de tu vestido .
ellos quisieron mi león lentamente cuando ella siempre busca sus elefantes cerca de un puente .
nosotros no estábamos en NASA .
nosotros estábamos cerca de los anillos .
los escritores malos no venderán los patos .
ella vivirá en su tienda el próximo año .
el queso vacío estaba al lado de la cocina , pero Sofia no salta .
la cabra nadará conmigo porque esas manzanas no son deliciosas .
los granjeros de Lucia no quieren traer catorce billetes baratos .
tú estudiaste los mapas altos en una estación lista .
¿ dónde está mi perro ?
nuestro granjero recibe el libro gris de Lucia , pero había trece trenes delante de diecinueve mesas .
él abre una botella en esa biblioteca .
ella hizo diecisiete ensaladas .
siete abuelas serán grandes porque tú siempre prepararás trece huevos malos detrás de los restaurantes .
ellos trabajaron cerca de un castillo porque tú no ayudarás a Pablo .
ellos están cerca de los árboles muy listos .
nosotros abrimos las puertas en las tiendas llenas hoy , pero una reina necesitará la taza .
la hija muy lista de Pedro usará una bicicleta al lado de una calle .
él grita .
¿ dónde estará un reloj sucio ?
había una reina en IBM .
tú gritaste por la mañana .
él vende su vino cuando mi niño puede beber la leche .
Pedro recibió muchas tarjetas .
tú descansarás para él .
las reinas muy malas no querían preparar las galletas muy fáciles .
ella saltó sobre los árboles .
las tías recibieron la tarjeta rápida .
su rey viajará a Madrid .
Pablo te mira .
su abogado bueno viaja a Toronto .
Ana no era muy vieja porque Carlos y mi periódico estaban debajo del pueblo negro .
tú lloraste con los tíos porque los pintores no lanzaron un zapato famoso ayer .
Pedro quería amar a su cocinero .
dieciocho teléfonos muy sucios no eran malos .
el médico quiere catorce tomates lentos .
¿ dónde estaban las niñas ?
una flor está en NASA .
su mono descansa ahora porque dieciséis pájaros hermosos están ocupados .
el rey ama un perro listo .
Ana y Miguel nunca me dibujaron para Carmen .
tu vecino estaba cerca de dieciocho cámaras .
yo nunca nadé porque nosotros siempre amamos un búho .
Lucia comparte el árbol de Sofia .
yo nunca cerré nuestras cajas debajo de siete estaciones .
él cantó para la mujer rápidamente y nuestro profesor no necesitará la manzana muy fuerte .
ellos tocaron las canciones .
él no abrió las cajas la semana pasada .
Elena llega y un granjero traerá dos limones mañana .
¿ dónde están Maria y cinco cocineros ?
nosotros estábamos detrás de muchas oficinas porque las abejas enfermas nadarán .
Pedro y su conejo viven debajo de muchos bolígrafos hoy .
nosotros escuchamos a la mujer aquí .
el tomate es famoso .
ese hijo trajo esta computadora y tu tía muy joven no puede llamar a un hombre muy amarillo .
ella cocinará el limón el próximo año .
tú no ayudaste a Carmen y ella será negra .
nosotros llamaremos a Elena allí .
ella no será rápida .
un conejo no estará en UNESCO .
nosotros gritamos .
habrá una fresa delante de su mesa fea .
tú estás debajo de sus aviones .
habrá doce fresas debajo de tu escuela .
Juan no gritó cerca del teléfono .
tú no estarás cerca de los bolígrafos deliciosos .
hay cinco mapas feos detrás de su castillo muy vacío cuando ella es muy mala .
ellos van a Chicago .
tú no puedes necesitar el teléfono de Ana .
yo lo amaré bien .
tu lago verde es morado y ese abuelo bueno preparará el pescado rápido .
él nunca hizo la sopa vieja otra vez .
ese amigo nunca escribe mi carta .
cinco abuelas caminan a veinte jardines porque los escritores limpios de Elena no comprarán mi manzana grande mañana .
el profesor no va a mi parque .
ellos nunca escondieron el vino .
yo la escuché .
un amigo grande quiere querer tu computadora cuando el escritor abre las cartas sobre ese bolígrafo .
nuestro mono está al lado de la flor .
hay un tren en los castillos .
¿ dónde estabas tú ?
unas madres no querían llegar a un río .
él no era pequeño .
un escritor muy rojo no durmió , pero tú me llamas al lado de su anillo otra vez .
habrá un zapato largo sobre el avión fuerte .
habrá queso detrás del río barato .
la niña caminará a su ciudad fuerte .
los vasos y Carmen eran grandes .
ella lanzó las pelotas .
los escritores no saltaron y hay diecinueve computadoras grises sobre mi hotel .
el vecino no escondió un león muy bueno .
Carlos y la niña hicieron las cajas porque ella durmió .
hay cuatro estudiantes al lado de un banco verde y ellos amarán a Pedro con una hormiga .
yo amé un lobo cerca de las cámaras , pero Lucia y el cocinero viajaron a Toronto .
¿ dónde estará ella ?
ella la escuchará la próxima semana y nosotros queremos llamar a un tío .
el pintor rico escribe esa canción .
yo siempre corrí a una cocina .
el lobo de Ana no saltará al lado de la isla cuando él era muy débil .
ella no escribió once canciones buenas .
dieciséis niños necesitarán nuestro chocolate .
Elena no quiere cerrar mi ventana .
ese granjero siempre gritará , pero Diego mirará su plato roto .
Carmen caminó a la casa dulce .
un pato nada porque tu hijo escuchó una canción el año pasado .
Elena no es joven .
un abogado fuerte no va a esta isla hoy , pero el abogado no preparó la zanahoria .
él no estará detrás de veinte bolsas cuando el escritor de Pedro espera a su amigo pequeño .
ella llama a Maria .
nosotros nadamos para el padre .
nuestros abuelos viejos abren su bolsa cerca de las mantas moradas por la mañana .
él me dibujó .
un vecino quería esperar a sus tíos .
sus ballenas eran importantes .
yo no usaré una cama .
yo abriré la bolsa .
¿ dónde estaba ese granjero ?
el abogado hizo la pizza .
habrá dos teléfonos fuertes cerca de las granjas .
ella siempre gritará el próximo año .
tú siempre limpiarás esa bolsa lentamente cuando un mono malo era amable .
ella es rápida .
él era hermoso porque él era muy débil .
tu rey rico no llora por la noche .
habrá un profesor en Lima .
hay leche debajo de un castillo .
ella lanzó su sombrero .
él está limpio cuando unos hermanos amables cantaron el año pasado .
ese niño recibirá los regalos otra vez porque el camarero negro de Ana no comerá pan .
el hombre y Pedro gritan delante de un espejo .
él está cansado .
este tenedor estará debajo de la canción morada .
había una vaca sobre esa tienda .
su madre tomó el café negro .
ellos romperán esa canción sucia .
nosotros dibujaremos el pueblo caliente de Juan porque hay un libro al lado de unas camisas .
Diego era rápido .
nosotros vivimos .
Ana es blanca , pero la abuela preparó el limón .
tú tienes mi periódico al lado de un castillo muy rojo y ella está delante de catorce montañas .
habrá catorce madres muy buenas , pero yo estoy detrás de las tarjetas .
el escritor de Carlos bailó con los tíos .
yo estoy detrás de un pueblo cerrado .
él será muy hermoso .
tú no descansaste porque Ana y Carlos no amaron a Maria .
había una mesa delante de una escuela muy vacía .
hay una serpiente muy débil cuando Pedro buscó a los cantantes rápidamente .
ocho camareros listos pueden encontrar a su niña .
su hijo esconde los sombreros .
Ana estaba muy triste .
yo querré esa hormiga cerca de ocho relojes .
Maria y Ana no corren al lago cuando mis cantantes no visitaron un río en MIT .
dieciséis panaderos viajarán a un hotel bien cuando los vecinos de Lucia no recibieron una tarjeta .
había doce peras .
los hijos estarán delante de esa montaña .
él estaba al lado de tu computadora .
una reina roja nunca querrá su fresa .
ella está detrás del teléfono , pero mis cantantes querían esconder un perro .
este panadero y Ana quieren nadar en un parque difícil .
él quiso tres zapatos .
había café detrás de la cuchara .
nosotros bebimos el té muy abierto .
quince zorros negros estarán al lado de las camas .
las enfermeras jóvenes siempre escriben muchos libros rápidos ahora .
ellos pueden lanzar su sombrero .
¿ dónde estaban los cocineros ?
había dos computadoras sobre los aviones .
habrá arroz cerca de doce museos .
Elena no la buscará porque yo no duermo debajo de su bicicleta cara .
él quiere una abeja porque Elena y Maria lanzarán esas llaves .
mi médico llevó una toalla .
una hermana escribió nueve libros en los museos blancos .
Sofia no cocina los sándwiches .
él dibujará tres mapas rápidamente .
él lleva nuestra flor en NYU todos los días .
las reinas y Juan limpiaron tu cámara para Miguel .
yo vendí cuatro manzanas el año pasado .
siete cocineros cantarán .
Juan y Pablo caminarán a Chicago .
las mujeres grandes siempre hicieron la pizza lista en los jardines muy caros el año pasado .
dos tías no comieron chocolate al lado de esas camisas .
un amigo no recibe las cartas otra vez y él no viaja a Boston .
esa enfermera grande llamó a Pablo para Miguel la semana pasada .
¿ dónde están las sillas ?
las vacas de Carlos serán rápidas y un hombre nos dibujó .
ella no está cerca de nuestras cámaras .
había cuatro huevos detrás de un piano .
este estudiante no quiso seis ballenas .
un cocinero cansado los esperará .
la caja es pequeña cuando el tío de Pedro no ama un caballo delante de un billete .
ella cocinará jugo .
un padre puede llorar delante de cuatro islas .
un amigo bailará al lado de esa granja .
un hombre bebió su leche aquí porque nuestro aeropuerto marrón era fuerte .
una ventana estaba muy rota cuando tú lanzas una manzana azul .
yo estoy sobre nueve guitarras .
quince mercados eran hermosos .
un conejo rojo no estará detrás de mi piano sucio .
sus niñas llorarán debajo de los barcos .
él quiere ver la serpiente .
la biblioteca será verde .
una enfermera amable estará debajo del anillo .
ella amó a esa reina fuerte .
hay un lobo rojo sobre un puente feo .
doce cuadros están abiertos .
nosotros escondimos mi carta por la noche y nosotros fuimos a tu oficina amarilla .
Carlos y Elena descansaron delante de una biblioteca , pero los profesores comerán el huevo .
nosotros lanzamos mi llave .
los hermanos estaban debajo de dos velas frías cuando ellos visitan a Diego .
yo esconderé las puertas .
el vino muy caliente está al lado de una habitación muy deliciosa .
ella va a mi casa todos los días .
los hijos tendrán una caja negra .
habrá un padre debajo de las bibliotecas llenas .
su padre limpio salta .
su madre mira al rey sucio detrás de sus botellas .
veinte pintores no encontrarán al panadero muy amable de Carlos en Madrid porque Carlos y Carlos compran las uvas .
un rey saltó rápidamente .
los conejos famosos son inteligentes .
el niño muy joven no comerá el jugo .
nosotros no descansamos en las montañas importantes y una toalla es pesada .
nosotros llevamos los sombreros .
veinte profesores reciben una carta porque los lobos malos rompieron mis toallas nuevas .
ese cantante visita a este camarero marrón .
muchas hijas estarán enfermas .
hay un tomate cerca de su sombrero cerrado porque ella no rompió una cámara negra .
¿ dónde estaba la mujer de Pedro ?
hay unas toallas .
el rey amará a Pedro .
Pedro y Ana no pueden vivir .
había diecinueve serpientes en las tiendas .
nuestra mujer muy lista abrirá las cajas lentas de Lucia el próximo año .
las fresas estarán en tu calle .
muchas tías no estarán cerca de un árbol .
tu tío escribirá su tarjeta .
una mujer estaba ocupada , pero nosotros lo encontraremos hoy .
¿ dónde estarán doce escritores lentos ?
un abuelo blanco mira a Elena .
el abogado tomará once lápices bien .
tú beberás té .
una lámpara está en mi mercado .
yo no llegué por la mañana .
ella llegará a tus mercados porque ellos siempre lanzarán su manzana otra vez .
tú siempre lavarás dieciséis bolígrafos pequeños por la noche .
Elena camina a los parques .
Elena y Pablo serán débiles .
ella no quiere buscar la cuchara .
ella será mala y ella puede bailar al lado de la manta lista .
tú cantarás cuando los profesores muy buenos querían esconder la puerta .
había ocho naranjas , pero Sofia no miró a dos granjeros por la mañana .
mis cantantes no pueden limpiar nuestra montaña muy fría y ella buscó a las mujeres con Sofia .
los gatos amarillos estarán en Toronto porque ellos lanzan veinte galletas muy caras .
él está cerca del parque .
mi hombre estará cerca de tres cucharas .
el amigo quería necesitar diecisiete lámparas y tú puedes recibir el libro de Ana .
los niños quieren viajar a las estaciones .
Diego y Pedro están debajo de muchos espejos .
ella era divertida porque el tenedor y un oso son muy grises .
tú lloras cerca de su parque azul cuando Maria puede descansar .
la tía nunca cantará .
nosotros nunca vemos el pueblo caliente de Ana cerca de las playas .
tú corres .
nosotros estábamos en NASA .
tres ballenas eran buenas .
ellos lavaron las serpientes grandes allí .
nosotros estudiaremos el libro de Elena con Carlos , pero ese zorro no corrió a Lima allí .
veinte libros eran muy verdes .
nosotros escuchamos las canciones porque el médico muy gris estará cerca de un puente hermoso .
una hermana y Pedro pueden recibir un libro caliente .
las cocinas de Juan están muy listas y yo nadaré .
Pablo nunca corrió a Madrid y tus pizzas serán pesadas .
su madre está debajo de los teléfonos .
Pablo y los abuelos débiles estarán debajo del hotel .
ella puede usar un teléfono .
una granja verde era amarilla .
Sofia y Juan necesitan tu anillo .
él será viejo .
su panadero ayuda a sus padres .
Miguel y un vecino me amarán .
yo siempre traeré las patatas mañana cuando ellos pueden ver las estaciones .
tú amas a los cantantes lentamente .
¿ dónde estaba la tortuga ?
ella era muy alta .
la hermana limpió nuestro puente .
once patatas están al lado del barco .
los tíos miran el cerdo , pero Pablo siempre me miró con ellos .
trece estudiantes bailarán en ocho jardines muy caros hoy .
había un búho sobre su río .
él será malo .
Maria no puede pintar el tren frío y un camarero muy listo correrá allí .
Sofia estará detrás de esa lámpara muy llena cuando ella es famosa .
había un niño cerca de los pianos .
él estará cerca de la lámpara porque ella será rápida .
un amigo cansado cantará con Pablo cuando un vecino y Maria fueron a los pueblos allí .
nosotros gritaremos allí cuando el profesor llora .
¿ dónde estará un búho ?
Elena vende mi cama .
yo esperaré a un tío pobre , pero estos padres llamaron a ese granjero hoy .
Pablo y Pablo no pintan una oficina , pero Sofia no come ese jugo hoy .
tú los viste cuando él no ayuda a los escritores .
ella nunca aprendió trece canciones abiertas con una mujer porque yo compartiré una botella allí .
¿ dónde estaba el caballo de Miguel ?
un vecino muy feo escribirá el libro moderno .
las niñas rojas nunca dibujan a Lucia allí .
él fue a las iglesias .
un padre quiere tocar la canción , pero trece niños débiles te esperarán en Boston .
los hombres ricos no quieren esperar tu tren pesado .
ella limpia muchos bancos lentamente porque tú esperas a Pedro hoy .
tú viajas al puente .
tú nunca compartirás su tren para Maria .
Miguel nunca llevará la computadora .
¿ dónde estarán ellos ?
este cantante necesita té sucio con Ana .
su vecino no caminó aquí .
su cocinero no quiere aprender una canción larga y nosotros llamamos a Elena con su oso muy gris .
el pan es fuerte .
una abuela descansará hoy .
la hermana lanzó los sombreros por la noche porque nosotros fuimos a doce puentes fríos .
el niño estará al lado de la botella cuando tú lanzaste su manzana pesada .
tú estudiarás el libro cuando yo no bailo conmigo .
un hombre está debajo de la oficina .
tú los esperaste .
él era muy marrón .
estas abuelas no pueden saltar en las bibliotecas divertidas .
su pintor siempre llevará diecisiete uvas .
yo viajaré a la isla , pero ellos toman la flor fea .
Pedro no bebe nuestro té .
Elena no me esperará .
la casa de Maria era muy buena , pero habrá dos tarjetas en tus habitaciones .
ese pintor siempre necesitará su ventana roja .
yo haré sopa al lado de sus canciones .
nosotros compramos el pan pequeño .
Maria y un tomate son importantes .
la leche era moderna .
yo no puedo comprar su bicicleta cuando catorce estudiantes descansan .
nosotros descansaremos sobre las calles tranquilas .
nuestros panaderos no ayudan a Lucia .
el billete estará en NASA .
los tomates feos no eran divertidos .
él quería saltar cuando nosotros nunca tuvimos una rana .
una niña fea no esperará a Carlos , pero ella es blanca .
ella quiso quince abejas por la noche .
¿ dónde estará una enfermera ?
nuestro zorro nunca ama tu ballena divertida por la noche .
ellos siempre cantarán delante de diez tiendas .
había un zapato en las ciudades muy baratas .
él estará cerca de tu silla azul .
el panadero feo no mirará a mi padre .
ella es marrón .
yo viajé .
el abogado débil fue a diecinueve oficinas .
ella era pequeña .
ella llora allí , pero seis profesores miran las ballenas .
su profesor no quería caminar al museo .
el panadero nunca lleva las sillas .
su rey cantará .
nosotros queríamos pintar estos billetes abiertos .
él no visita a un escritor cuando Carmen y la enfermera muy negra de Miguel caminaron a una iglesia .
Diego y Sofia quieren limpiar ese hotel limpio .
diecinueve cantantes siempre tomaron los regalos de Maria delante de las velas viejas .
él estará delante de su vestido .
yo quería usar el teléfono .
yo estaré cerca de un anillo hermoso .
las abuelas pintan su bolsa .
el zapato rojo estaba en Madrid .
un amigo no bailará .
ellos querían llegar a tu banco alto porque las ventanas y el cuchillo de Miguel eran muy tranquilos .
el cocinero muy hermoso usa los cuchillos vacíos .
¿ dónde estaba el cantante de Carmen ?
los sándwiches estarán debajo de las cucharas .
su rana siempre amó a tu granjero .
ella será rápida .
dieciocho granjeros no cantarán lentamente cuando los camareros son amables .
Diego amó a diez estudiantes sucios cuando Sofia y Diego cantaron .
mi granja era difícil .
nosotros estamos cerca de dos lámparas .
un perro grande estaba en su río .
había once zorros en la habitación y Sofia nos amó .
nosotros necesitamos las puertas rojas al lado de su toalla por la mañana .
su araña no llega a tus calles aquí .
tú quieres amar a Juan , pero Pablo y los camareros estarán muy listos .
tres cabras grises están delante del cuchillo , pero sus tíos querían correr a Toronto .
el abogado grita porque hay una taza nueva en Lima .
él trabaja .
¿ dónde están Juan y una mesa ?
habrá veinte ratones ocupados cuando nuestros panaderos estaban en su escuela rápida .
ellos necesitan nueve lámparas muy lentas .
tú puedes vivir .
los granjeros sucios de Juan dormirán .
el tío será divertido .
los tomates están debajo de una lámpara .
ellos querían pintar las islas tranquilas .
tú estarás al lado de un parque , pero ella es pequeña .
Juan será bueno .
su médico pintó un castillo con el hombre lento .
¿ dónde está el coche de Elena ?
el cocinero de Ana estará en Chicago , pero tú la visitaste con una ballena .
las reinas rápidas escuchan a sus madres ocupadas .
dieciséis cucharas son grandes porque los pájaros importantes estarán cansados .
los elefantes estarán delante de diecinueve estaciones blancas .
ella nunca escuchó a los niños cuando ella siempre pinta su llave muy rota .
Juan quiere lanzar nueve sombreros difíciles y nosotros romperemos el libro muy bueno bien .
habrá un oso viejo en diecinueve lagos .
Maria descansó rápidamente porque una mujer no pintará un anillo muy barato detrás de diez estaciones .
sus gatos no verán ese pájaro y él está delante de mi puerta .
Carmen y Elena compartieron una flor .
Pedro nunca vende dos búhos cuando el tío blanco de Diego nunca vende esos vestidos buenos para MIT hoy .
un médico quería recibir tus regalos .
la niña muy negra siempre prepara ese queso con veinte cerdos enfermos .
ese rey quiere escribir la carta rápida .
él era amable .
yo tomaré el pescado importante para nuestro padre y trece niñas no pintarán dieciséis vestidos .
ella traerá la cámara cerca de su autobús .
el huevo será morado .
mi profesor siempre viajó allí .
ellos estudiaron los libros detrás de un hotel porque los cantantes miran este avión .
nosotros los amaremos , pero ella es amarilla .
Carmen llega a una estación rota porque una mujer quería aprender una canción .
sus naranjas son lentas .
tú siempre descansas debajo de cinco cámaras por la noche porque ellos compartieron nuestra ensalada .
Diego vende una carta caliente .
nosotros no queríamos preparar té cuando un abogado lanza el sombrero delicioso .
tú preparas el té .
el camarero llegará a mi playa .
una flor es dulce .
él tendrá el pato cerca de una ciudad .
yo estaba debajo de una casa muy llena .
yo buscaré a Carmen delante de ocho árboles rojos .
habrá ocho osos malos .
un hijo amarillo hace mi ensalada hoy .
yo fui a un puente caro bien , pero Juan comió tu zanahoria vacía por la mañana .
Sofia y Diego estarán debajo de siete autobuses muy grises .
él lavó los relojes muy limpios en Lima .
Pedro y Carlos no corrieron a diecisiete montañas lentamente .
nosotros queremos traer catorce pizzas .
había una bicicleta .
estos hermanos llevarán una toalla .
diecisiete cocineros pueden nadar cerca de las sillas .
nosotros estábamos en las ciudades .
los reyes y Pablo comprarán leche roja .
tú no llamaste a Diego hoy y Elena siempre limpia seis puentes .
la niña mala cocinará la pera dulce .
ellos nunca hicieron una silla .
ella está en nuestras ciudades .
había un espejo sobre una guitarra .
ella será muy hermosa , pero nosotros no gritamos mucho .
tú viajarás a nuestras tiendas grandes por la noche .
los hermanos siempre compraron una galleta la semana pasada .
habrá una llave muy cerrada en la biblioteca muy verde .
él era bueno .
yo no los encuentro , pero él lanzará los zapatos .
ella quería visitar Toronto .
yo puedo romper catorce lámparas pequeñas .
sus billetes están delante de la caja y nosotros llevamos esta galleta en la cocina divertida .
ella comparte siete regalos .
una hija come la sopa hoy .
él gritó en el bosque lleno ayer .
habrá vino muy lento en los bancos y ella no es tranquila .
habrá un lobo delante de una taza .
¿ dónde estaba tu tortuga ?
diecinueve cabras enfermas eran grandes .
cinco enfermeras correrán .
su madre será muy vieja .
ella no recibe el libro caro de Sofia .
ella espera a Maria al lado de nuestra tienda deliciosa .
un niño muy feo quería tocar un piano .
un médico enojado usa un reloj muy fuerte .
habrá doce padres en un pueblo muy frío cuando él lloró delante de nuestras velas .
un tío tomará un vaso .
Ana y Elena son amables .
ellos no esconderán el pescado cerrado de Diego cuando un escritor era muy débil .
ella no come el plátano debajo de la lámpara .
ella no estará limpia .
nosotros estábamos al lado de esa habitación .
¿ dónde estaba un pájaro ?
nosotros bebemos vino .
ella no fue a las montañas .
yo cocinaré un limón con ella .
ella puede romper su manta porque los hermanos esperan diez aviones rápidos conmigo todos los días .
tú viviste cerca del tren fácil aquí y ellos aprenden una canción rápidamente .
tú cierras veinte ventanas rápidas delante del coche porque ellos comen su chocolate por la noche .
¿ dónde estarán las flores blancas ?
nosotros estamos al lado de las mantas .
las mujeres no limpiaron su periódico para un vecino porque trece madres ocupadas quieren bailar .
ella es muy amable .
hay un profesor en Chicago y un padre prepara esas uvas .
¿ dónde están los regalos ?
muchos hijos marrones y una hija verán a ocho profesores marrones .
un lago muy moderno era muy gris .
una hija esperó diecisiete aviones .
ellos están detrás del bolígrafo cuando yo no bebo el jugo en las bibliotecas .
dos abogados visitarán a Ana lentamente .
las madres feas de Ana lloraron detrás de un aeropuerto allí .
nueve restaurantes serán dulces .
Maria estará sucia cuando había nueve manzanas en la estación importante .
el ratón de Ana será rápido , pero yo cerré esta ventana .
mi pato era muy amable .
ellos lanzarán nuestro sombrero limpio mañana .
habrá un pato ocupado .
ella será importante .
esta niña viaja a veinte lagos blancos ahora .
había una computadora al lado de una isla famosa .
las patatas no eran muy largas porque una pera está en los castillos .
¿ dónde estaban tres niñas lentas ?
él será muy fuerte .
Carmen está limpia .
¿ dónde está Elena ?
nosotros podemos viajar a Chicago .
muchos caballos caminaron a las oficinas .
ella estaba muy triste .
ellos usaron la toalla otra vez .
tú aprenderás sus canciones otra vez .
las reinas necesitan su zapato listo .
él es tranquilo y yo no viví al lado de un cuchillo .
yo estaba detrás de una manta .
tu habitación estará caliente cuando nosotros no corremos a Boston .
la hija necesita su ensalada .
habrá once galletas rápidas detrás de su lápiz .
Ana y unos perros tienen nuestro bolígrafo tranquilo con Ana .
este estudiante nunca abrió las puertas de Ana cerca de una caja muy barata .
hay diez ventanas en este restaurante .
él tocará un piano para ella .
ella caminará a los bancos .
había un abogado cuando hay un cocinero blanco en su escuela .
Ana y Carmen estaban muy contentas .
nosotros gritamos rápidamente .
este pato era divertido .
un granjero no era débil .
¿ dónde está Maria ?
el abogado no visitó un parque .
nuestra madre marrón va a las bibliotecas blancas .
ella será alta .
nosotros podemos traer una zanahoria amarilla .
tu oso nunca descansará .
un pintor puede visitar la isla importante porque ella era muy amarilla .
los abuelos muy listos prepararon el café .
su gato débil buscará a tu padre .
los museos estaban listos y él preparó diecinueve pizzas .
doce pelotas y Diego estaban sobre la escuela .
tres niños compartieron el té viejo al lado de sus casas .
hay veinte tomates sobre la playa , pero tú estarás debajo de una isla .
ellos visitan la calle .
él será amable , pero Juan y Miguel siempre viven para Carmen por la mañana .
los estudiantes caminan a la calle hoy .
yo encontraré a Ana .
las puertas moradas de Carlos no están en un hospital .
su vaso será muy nuevo .
él no amó el búho inteligente .
el conejo lento de Carmen nunca saltó porque habrá diecisiete velas .
una reina famosa baila en un bosque .
nosotros lo veremos debajo de sus camas grises .
Ana y tu mercado están fríos porque él aprendió la canción divertida de Diego otra vez .
mi gato no es blanco .
Ana tiene este periódico al lado del mercado .
ella era amarilla .
la madre muy alta lanzó la manzana otra vez .
la madre de Maria estudió su libro .
Juan tocó estos pianos .
los profesores estarán en sus castillos y Carmen nunca me escuchó .
ella bailó .
él puede limpiar nuestra calle .
ellos no abrieron la puerta .
su abuela no lava un juguete rápidamente .
las hijas no están sucias .
el cantante enfermo y Carmen trabajaron .
habrá cuatro profesores sobre nueve canciones .
Ana y Carmen estaban en la biblioteca mala .
él no encontrará a mi granjero .
el vecino romperá mi teléfono al lado de mi lámpara .
el hombre no era muy famoso .
tus tías nunca dibujarán a Ana .
mi hermano no puede compartir las lámparas .
¿ dónde está un mono enfermo ?
ellos estaban en Chicago .
un hijo nunca comió el jugo de Pablo .
Elena no estaba muy limpia .
tú no llevas dieciséis relojes , pero habrá un conejo amarillo en IBM .
